// The labelled generator's kinds for the service-token library (policies/tokens.yaml): each
// format is a template of literal text and random groups, "{h32}" (32 hex), "{w20-40}" (20-40
// base64url characters); its near misses are the same template filled with one repeated
// character or with consecutive characters (placeholders), with its secret part cut short,
// with its prefix changed, or with a marker word inside.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "corpus/labelled_corpus.h"

namespace bulwark::corpus {
namespace {

struct TokenShape {
  const char* detector;
  std::vector<const char*> templates;
  std::vector<std::string> context;
  bool needs_context;
};

// One row per detector of policies/tokens.yaml, in its order.
const std::vector<TokenShape>& Shapes() {
  static const std::vector<TokenShape> kShapes = {
      {"tokens.age-secret-key", {"AGE-SECRET-KEY-1{B58}"}, {"AGE_SECRET_KEY=", "token:"}, false},
      {"tokens.alibaba-access-key-id", {"LTAI{n20}"}, {"ALIBABA_ACCESS_KEY_ID=", "token:"}, false},
      {"tokens.artifactory-token",
       {"AKCp{n69}", "cmVmdGtu{n56}"},
       {"ARTIFACTORY_TOKEN=", "token:"},
       false},
      {"tokens.atlassian-api-token",
       {"ATATT3{w177}={H8}", "ATBB{n28}"},
       {"ATLASSIAN_API_TOKEN=", "token:"},
       false},
      {"tokens.databricks-token", {"dapi{h32}"}, {"DATABRICKS_TOKEN=", "token:"}, false},
      {"tokens.digitalocean-token",
       {"dop_v1_{h64}", "doo_v1_{h64}", "dor_v1_{h64}"},
       {"DIGITALOCEAN_TOKEN=", "token:"},
       false},
      {"tokens.discord-webhook",
       {"https://discord.com/api/webhooks/{d18}/{w68}"},
       {"DISCORD_WEBHOOK=", "token:"},
       false},
      {"tokens.discord-bot-token", {"M{w25}.{w6}.{w38}"}, {"discord", "bot token"}, true},
      {"tokens.doppler-token",
       {"dp.pt.{n43}", "dp.st.{n44}", "dp.sa.{n43}"},
       {"DOPPLER_TOKEN=", "token:"},
       false},
      {"tokens.dropbox-token", {"sl.{w140}"}, {"DROPBOX_TOKEN=", "token:"}, false},
      {"tokens.dynatrace-token", {"dt0c01.{u24}.{u64}"}, {"DYNATRACE_TOKEN=", "token:"}, false},
      {"tokens.easypost-key", {"EZAK{n54}", "EZTK{n54}"}, {"EASYPOST_KEY=", "token:"}, false},
      {"tokens.flutterwave-key",
       {"FLWSECK-{h32}-X", "FLWSECK_TEST-{h32}-X"},
       {"FLUTTERWAVE_KEY=", "token:"},
       false},
      {"tokens.frameio-token", {"fio-u-{w64}"}, {"FRAMEIO_TOKEN=", "token:"}, false},
      {"tokens.gcp-service-account-key",
       {"\"private_key_id\": \"{h40}\""},
       {"service_account", "client_email"},
       true},
      {"tokens.google-oauth-client-secret",
       {"GOCSPX-{w28}"},
       {"GOOGLE_OAUTH_CLIENT_SECRET=", "token:"},
       false},
      {"tokens.google-oauth-token", {"ya29.{w120-180}"}, {"GOOGLE_OAUTH_TOKEN=", "token:"}, false},
      {"tokens.grafana-token",
       {"glc_{n120}", "glsa_{n32}_{h8}", "eyJrIjoi{n90}"},
       {"GRAFANA_TOKEN=", "token:"},
       false},
      {"tokens.hashicorp-vault-token",
       {"hvs.{w24}", "hvs.{w95}", "hvb.{w140}"},
       {"HASHICORP_VAULT_TOKEN=", "token:"},
       false},
      {"tokens.terraform-cloud-token",
       {"{n14}.atlasv1.{w67}"},
       {"TERRAFORM_CLOUD_TOKEN=", "token:"},
       false},
      {"tokens.heroku-api-key", {"HRKU-AA{w58}"}, {"HEROKU_API_KEY=", "token:"}, false},
      {"tokens.hubspot-private-app-token",
       {"pat-na1-{h8}-{h4}-{h4}-{h4}-{h12}", "pat-eu1-{h8}-{h4}-{h4}-{h4}-{h12}"},
       {"HUBSPOT_PRIVATE_APP_TOKEN=", "token:"},
       false},
      {"tokens.huggingface-token",
       {"hf_{A34}", "api_org_{A34}"},
       {"HUGGINGFACE_TOKEN=", "token:"},
       false},
      {"tokens.linear-api-key", {"lin_api_{n40}"}, {"LINEAR_API_KEY=", "token:"}, false},
      {"tokens.mailchimp-api-key", {"{h32}-us{d1}"}, {"MAILCHIMP_API_KEY=", "token:"}, false},
      {"tokens.mailgun-api-key", {"key-{h32}"}, {"mailgun", "MAILGUN_API_KEY"}, true},
      {"tokens.mapbox-secret-token",
       {"sk.eyJ1Ijoi{w50}.{w22}"},
       {"MAPBOX_SECRET_TOKEN=", "token:"},
       false},
      {"tokens.new-relic-key",
       {"NRAK-{u27}", "NRII-{n32}", "NRJS-{h19}"},
       {"NEW_RELIC_KEY=", "token:"},
       false},
      {"tokens.nuget-api-key", {"oy2{l43}"}, {"NUGET_API_KEY=", "token:"}, false},
      {"tokens.octopus-deploy-key", {"API-{u26}"}, {"OCTOPUS_DEPLOY_KEY=", "token:"}, false},
      {"tokens.okta-token", {"00{n40}"}, {"okta", "OKTA_API_TOKEN"}, true},
      {"tokens.onepassword-service-token",
       {"ops_eyJ{n260}"},
       {"ONEPASSWORD_SERVICE_TOKEN=", "token:"},
       false},
      {"tokens.planetscale-token",
       {"pscale_tkn_{n43}", "pscale_pw_{n43}"},
       {"PLANETSCALE_TOKEN=", "token:"},
       false},
      {"tokens.postman-api-key", {"PMAK-{h24}-{h34}"}, {"POSTMAN_API_KEY=", "token:"}, false},
      {"tokens.prefect-api-key", {"pnu_{n36}"}, {"PREFECT_API_KEY=", "token:"}, false},
      {"tokens.pulumi-token", {"pul-{h40}"}, {"PULUMI_TOKEN=", "token:"}, false},
      {"tokens.pypi-token", {"pypi-AgEIcHlwaS5vcmc{w80}"}, {"PYPI_TOKEN=", "token:"}, false},
      {"tokens.readme-api-key", {"rdme_{l70}"}, {"README_API_KEY=", "token:"}, false},
      {"tokens.rubygems-api-key", {"rubygems_{h48}"}, {"RUBYGEMS_API_KEY=", "token:"}, false},
      {"tokens.scalingo-token", {"tk-us-{w48}"}, {"SCALINGO_TOKEN=", "token:"}, false},
      {"tokens.brevo-api-key", {"xkeysib-{h64}-{n16}"}, {"BREVO_API_KEY=", "token:"}, false},
      {"tokens.shippo-token",
       {"shippo_live_{h40}", "shippo_test_{h40}"},
       {"SHIPPO_TOKEN=", "token:"},
       false},
      {"tokens.shopify-token",
       {"shpat_{h32}", "shpss_{h32}", "shpca_{h32}"},
       {"SHOPIFY_TOKEN=", "token:"},
       false},
      {"tokens.square-token",
       {"EAAA{w60}", "sq0atp-{w22}", "sq0csp-{w43}"},
       {"SQUARE_TOKEN=", "token:"},
       false},
      {"tokens.telegram-bot-token", {"{d10}:AA{w33}"}, {"telegram", "bot token"}, true},
      {"tokens.typeform-token", {"tfp_{w59}"}, {"TYPEFORM_TOKEN=", "token:"}, false},
      {"tokens.sentry-token",
       {"sntryu_{h64}", "sntrys_eyJ{n120}"},
       {"SENTRY_TOKEN=", "token:"},
       false},
      {"tokens.sonarqube-token",
       {"squ_{h40}", "sqp_{h40}", "sqa_{h40}"},
       {"SONARQUBE_TOKEN=", "token:"},
       false},
      {"tokens.docker-hub-token",
       {"dckr_pat_{w27}", "dckr_oat_{w32}"},
       {"DOCKER_HUB_TOKEN=", "token:"},
       false},
      {"tokens.flyio-token", {"fo1_{w43}", "fm2_{n150}"}, {"FLYIO_TOKEN=", "token:"}, false},
      {"tokens.supabase-token",
       {"sbp_{h40}", "sb_secret_{w31}"},
       {"SUPABASE_TOKEN=", "token:"},
       false},
      {"tokens.notion-token",
       {"ntn_{d11}{n35}", "secret_{n43}"},
       {"NOTION_TOKEN=", "token:"},
       false},
      {"tokens.airtable-token", {"pat{n14}.{h64}"}, {"AIRTABLE_TOKEN=", "token:"}, false},
      {"tokens.clojars-token", {"CLOJARS_{l60}"}, {"CLOJARS_TOKEN=", "token:"}, false},
      {"tokens.contentful-token", {"CFPAT-{w43}"}, {"CONTENTFUL_TOKEN=", "token:"}, false},
      {"tokens.adobe-client-secret", {"p8e-{n32}"}, {"ADOBE_CLIENT_SECRET=", "token:"}, false},
      {"tokens.groq-api-key", {"gsk_{n52}"}, {"GROQ_API_KEY=", "token:"}, false},
      {"tokens.xai-api-key", {"xai-{n80}"}, {"XAI_API_KEY=", "token:"}, false},
      {"tokens.perplexity-api-key", {"pplx-{n48}"}, {"PERPLEXITY_API_KEY=", "token:"}, false},
      {"tokens.replicate-api-token", {"r8_{n37}"}, {"REPLICATE_API_TOKEN=", "token:"}, false},
      {"tokens.braintree-token",
       {"access_token$production${l16}${h32}"},
       {"BRAINTREE_TOKEN=", "token:"},
       false},
      {"tokens.cloudflare-origin-ca-key",
       {"v1.0-{h24}-{h146}"},
       {"CLOUDFLARE_ORIGIN_CA_KEY=", "token:"},
       false},
      {"tokens.launchdarkly-key",
       {"sdk-{h8}-{h4}-{h4}-{h4}-{h12}", "api-{h8}-{h4}-{h4}-{h4}-{h12}"},
       {"launchdarkly", "LD_SDK_KEY"},
       true},
      {"tokens.salesforce-access-token",
       {"00D{n12}!AQ{n94}"},
       {"SALESFORCE_ACCESS_TOKEN=", "token:"},
       false},
      {"tokens.azure-service-bus-connection-string",
       {"Endpoint=sb://{a8}.servicebus.windows.net/"
        ";SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={b43}="},
       {"EVENTHUB_CONNECTION=", "token:"},
       false},
      {"tokens.azure-cosmos-connection-string",
       {"AccountEndpoint=https://{a10}.documents.azure.com:443/;AccountKey={b86}=="},
       {"COSMOS_CONNECTION=", "token:"},
       false},
      {"tokens.azure-app-configuration-connection-string",
       {"Endpoint=https://{a10}.azconfig.io;Id={n4}-l0-s0:{n20};Secret={b43}="},
       {"APPCONFIG_CONNECTION=", "token:"},
       false},
      {"tokens.azure-signalr-connection-string",
       {"Endpoint=https://{a10}.service.signalr.net;AccessKey={b43}="},
       {"SIGNALR_CONNECTION=", "token:"},
       false},
      {"tokens.azure-devops-pat", {"{n76}AZDO{n4}"}, {"AZURE_DEVOPS_PAT=", "token:"}, false},
      {"tokens.azure-devops-pat-legacy", {"{z52}"}, {"azure devops", "devops"}, true},
      {"tokens.power-automate-webhook",
       {"https://prod-{d2}.westeurope.logic.azure.com:443/workflows/{h32}/triggers/manual/paths/"
        "invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={w43}",
        "https://default{h30}.{d2}.environment.api.powerplatform.com:443/powerautomate/automations/"
        "direct/workflows/{h32}/triggers/manual/paths/"
        "invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={w43}"},
       {"TEAMS_WORKFLOW_URL=", "token:"},
       false},
      {"tokens.azure-cognitive-services-key",
       {"{h32}"},
       {"Ocp-Apim-Subscription-Key", "azure openai"},
       true},
      {"tokens.datadog-api-key", {"{h32}", "{h40}"}, {"datadog", "DD_API_KEY"}, true},
      {"tokens.npm-legacy-token",
       {"//registry.npmjs.org/:_authToken={h8}-{h4}-{h4}-{h4}-{h12}"},
       {"NPM_LEGACY_TOKEN=", "token:"},
       false},
      {"tokens.openshift-token",
       {"sha256~{w43}"},
       {"OPENSHIFT_TOKEN=", "oc login --token="},
       false},
      {"tokens.sourcegraph-token",
       {"sgp_{h16}_{h40}", "sgp_local_{h40}", "sgp_{h40}"},
       {"SRC_ACCESS_TOKEN=", "token:"},
       false},
      {"tokens.harness-api-key",
       {"pat.{w22}.{n24}.{n20}", "sat.{w22}.{n24}.{n20}"},
       {"HARNESS_API_KEY=", "token:"},
       false},
      {"tokens.facebook-access-token",
       {"EAAC{n120}", "EAAM{n180}"},
       {"FB_ACCESS_TOKEN=", "token:"},
       false},
      {"tokens.plaid-access-token",
       {"access-production-{h8}-{h4}-{h4}-{h4}-{h12}", "access-sandbox-{h8}-{h4}-{h4}-{h4}-{h12}"},
       {"PLAID_ACCESS_TOKEN=", "token:"},
       false},
      {"tokens.maxmind-license-key", {"{n6}_{n29}_mmk"}, {"MAXMIND_LICENSE_KEY=", "key:"}, false},
      {"tokens.infracost-api-key", {"ico-{n32}"}, {"INFRACOST_API_KEY=", "token:"}, false},
      {"tokens.duffel-access-token",
       {"duffel_test_{w43}", "duffel_live_{w43}"},
       {"DUFFEL_ACCESS_TOKEN=", "token:"},
       false},
      {"tokens.settlemint-token",
       {"sm_pat_{n16}", "sm_aat_{n16}"},
       {"SETTLEMINT_ACCESS_TOKEN=", "token:"},
       false},
      {"tokens.defined-networking-api-key",
       {"dnkey-{l26}-{l52}"},
       {"DN_API_KEY=", "token:"},
       false},
      {"tokens.clickhouse-cloud-api-secret",
       {"4b1d{n38}"},
       {"CLICKHOUSE_KEY_SECRET=", "key:"},
       false},
      {"tokens.anthropic-oauth-token",
       {"sk-ant-oat01-{w95-108}", "sk-ant-ort01-{w95-108}"},
       {"CLAUDE_CODE_OAUTH_TOKEN=", "token:"},
       false},
      {"tokens.langsmith-api-key",
       {"lsv2_pt_{h32}_{h10}", "lsv2_sk_{h32}_{h10}"},
       {"LANGSMITH_API_KEY=", "key:"},
       false},
  };
  return kShapes;
}

const std::string kUpperAlpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const std::string kLowerAlpha = "abcdefghijklmnopqrstuvwxyz";
const std::string kDigits = "0123456789";

const std::string& AlphabetOf(char code) {
  static const std::string kHex = kDigits + "abcdef", kHexUpper = kDigits + "ABCDEF",
                           kBase62 = kUpperAlpha + kLowerAlpha + kDigits,
                           kLowerNum = kLowerAlpha + kDigits, kUpperNum = kUpperAlpha + kDigits,
                           kLetters = kUpperAlpha + kLowerAlpha, kBase64 = kBase62 + "+/",
                           kBase64Url = kBase62 + "_-",
                           kBech32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
                           kBase32Lower = kLowerAlpha + "234567";
  switch (code) {
    case 'h':
      return kHex;
    case 'H':
      return kHexUpper;
    case 'd':
      return kDigits;
    case 'n':
      return kBase62;
    case 'l':
      return kLowerNum;
    case 'u':
      return kUpperNum;
    case 'a':
      return kLowerAlpha;
    case 'A':
      return kLetters;
    case 'b':
      return kBase64;
    case 'w':
      return kBase64Url;
    case 'B':
      return kBech32;
    case 'z':
      return kBase32Lower;
    default:
      return kUpperAlpha;  // 'U'
  }
}

struct Piece {
  std::string literal;  // when alphabet is 0
  char alphabet = 0;
  int min = 0, max = 0;
};

std::vector<Piece> Parse(const std::string& t) {
  std::vector<Piece> out;
  size_t i = 0;
  while (i < t.size()) {
    const size_t open = t.find('{', i);
    if (open == std::string::npos || open + 2 >= t.size() || t[open + 2] < '0' ||
        t[open + 2] > '9') {
      out.push_back({t.substr(i, open == std::string::npos ? std::string::npos : open + 1 - i)});
      if (open == std::string::npos) break;
      i = open + 1;
      continue;
    }
    if (open > i) out.push_back({t.substr(i, open - i)});
    const size_t close = t.find('}', open);
    const std::string spec = t.substr(open + 2, close - open - 2);
    const size_t dash = spec.find('-');
    Piece p;
    p.alphabet = t[open + 1];
    p.min = std::stoi(spec.substr(0, dash));
    p.max = dash == std::string::npos ? p.min : std::stoi(spec.substr(dash + 1));
    out.push_back(p);
    i = close + 1;
  }
  return out;
}

}  // namespace

void LabelledGenerator::DefineTokens() {
  enum class Fill { kRandom, kRepeated, kConsecutive, kShort, kMarker };
  auto expand = [this](const std::string& t, Fill fill) {
    const std::vector<Piece> pieces = Parse(t);
    size_t longest = 0;  // the longest group: where a marker word goes
    size_t secret = 0;   // the last group of 6 or more: what a short near miss cuts
    for (size_t i = 0; i < pieces.size(); ++i) {
      if (pieces[i].alphabet != 0 && pieces[i].min > pieces[longest].min) longest = i;
      if (pieces[i].alphabet != 0 && pieces[i].min >= 6) secret = i;
    }
    std::string out;
    for (size_t i = 0; i < pieces.size(); ++i) {
      const Piece& p = pieces[i];
      if (p.alphabet == 0) {
        out += p.literal;
        continue;
      }
      const std::string& alphabet = AlphabetOf(p.alphabet);
      int n = Uniform(p.min, p.max);
      // Below every pattern's minimum for that group (12 or more in each).
      if (fill == Fill::kShort && i == secret) n = std::clamp(n / 3, 1, 11);
      std::string body;
      if (fill == Fill::kRepeated) {
        const char c = alphabet.find('x') != std::string::npos   ? 'x'
                       : alphabet.find('X') != std::string::npos ? 'X'
                                                                 : alphabet[0];
        body.assign(static_cast<size_t>(n), c);
      } else if (fill == Fill::kConsecutive && p.alphabet == 'B') {  // Bech32 is unordered
        body.assign(static_cast<size_t>(n), alphabet[0]);
      } else if (fill == Fill::kConsecutive) {
        for (int k = 0; k < n; ++k)
          body.push_back(alphabet[static_cast<size_t>(k) % alphabet.size()]);
      } else {
        body = From(alphabet, n);
      }
      if (fill == Fill::kMarker && i == longest) {
        std::string word = "EXAMPLE";
        if (word.find_first_not_of(alphabet) != std::string::npos) word = "example";
        if (word.find_first_not_of(alphabet) == std::string::npos &&
            body.size() >= word.size() + 2) {
          body.replace(body.size() / 2 - word.size() / 2, word.size(), word);
        } else {  // the alphabet cannot spell it: a repeated character instead
          body.assign(body.size(), alphabet[0]);
        }
      }
      out += body;
    }
    return out;
  };
  for (const TokenShape& shape : Shapes()) {
    std::vector<std::string> templates(shape.templates.begin(), shape.templates.end());
    auto make_true = [=, this] { return expand(Pick(templates), Fill::kRandom); };
    auto make_near = [=, this] {
      const std::string& t = templates[0];
      switch (Uniform(0, 4)) {
        case 0:
          return expand(t, Fill::kRepeated);
        case 1:
          return expand(t, Fill::kConsecutive);
        case 2:
          return expand(t, Fill::kShort);
        case 3:
          return expand(t, Fill::kMarker);
        default: {
          // Another prefix: the first and last letters of the first literal piece with a
          // letter changed ("dapi" -> "qapq", ":AA" -> ":QQ"), or else a first character no
          // pattern allows. Offsets are known up to the first group of varying length.
          std::string v = expand(t, Fill::kRandom);
          size_t offset = 0, first = std::string::npos, last = std::string::npos;
          for (const Piece& p : Parse(t)) {
            if (p.alphabet == 0) {
              const size_t f = p.literal.find_first_of(kUpperAlpha + kLowerAlpha);
              if (f != std::string::npos) {
                first = offset + f;
                last = offset + p.literal.find_last_of(kUpperAlpha + kLowerAlpha);
                break;
              }
              offset += p.literal.size();
            } else if (p.min == p.max) {
              offset += static_cast<size_t>(p.min);
            } else {
              break;
            }
          }
          if (first == std::string::npos) {
            v[0] = '#';
          } else {
            for (size_t at : {first, last}) {
              const char c = v[at];
              const char q = (c == 'q' || c == 'Q') ? 'z' : 'q';
              v[at] = c >= 'A' && c <= 'Z' ? static_cast<char>(q - 'a' + 'A') : q;
            }
          }
          return v;
        }
      }
    };
    KindInfo info{
        shape.detector, false, shape.needs_context, "high", {"secrets.password-assignment"}};
    // The account key inside a Cosmos DB connection string is an Azure account key.
    if (info.detector == "tokens.azure-cosmos-connection-string") {
      info.also.push_back("secrets.azure-storage-key");
    }
    Define(std::move(info), shape.context, make_true, make_near);
  }
}

}  // namespace bulwark::corpus
