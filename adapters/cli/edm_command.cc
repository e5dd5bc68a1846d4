// bulwark edm hash: turns a CSV of sensitive records into an Exact Data Match table of salted
// hashes (plugins/edm/edm_format.h) for the edm plugin. The CSV never leaves this command.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <vector>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "edm/edm_format.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"salt-env", "VAR", "environment variable holding the salt (at least 16 bytes; required)"},
    {"out", "FILE", "the table to write (default: the CSV path + .edm)"},
};

constexpr char kUsage[] =
    "Usage: bulwark edm hash --salt-env VAR [--out FILE] CSV\n"
    "\n"
    "Reads a CSV of sensitive records (RFC 4180; the first row names the columns) and writes an\n"
    "Exact Data Match table holding only salted SHA-256 hashes of the normalized cells, for the\n"
    "edm plugin (docs/plugins.md). Keep the salt secret and out of the table's directory.\n"
    "\n";

// Reads one CSV record (RFC 4180: quoted fields, "" for a quote, CRLF or LF). False at EOF.
bool ReadRecord(std::istream& in, std::vector<std::string>* fields, bool* bad) {
  fields->clear();
  std::string field;
  bool quoted = false, any = false;
  char c;
  while (in.get(c)) {
    any = true;
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          in.get(c);
          field.push_back('"');
        } else {
          quoted = false;
        }
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      if (!field.empty() && field.back() == '\r') field.pop_back();
      fields->push_back(std::move(field));
      return true;
    } else {
      field.push_back(c);
    }
  }
  if (quoted) *bad = true;
  if (!any) return false;
  fields->push_back(std::move(field));
  return true;
}

template <class T>
void Put(std::ostream& out, T v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof v);
}

int Hash(const Invocation& cmd) {
  const ParsedArgs* args = &cmd.args();
  if (args->positional.size() != 1 || !args->Has("salt-env")) {
    std::cerr << "bulwark edm hash: give --salt-env VAR and one CSV file\n";
    return kExitUsage;
  }
  const char* salt_value = std::getenv(args->Get("salt-env").c_str());
  const std::string salt = salt_value != nullptr ? salt_value : "";
  if (salt.size() < edm::kMinSaltBytes) {
    std::cerr << "bulwark edm hash: $" << args->Get("salt-env") << " must hold at least "
              << edm::kMinSaltBytes << " bytes of salt (e.g. openssl rand -base64 32)\n";
    return kExitFailure;
  }
  const std::string csv = args->positional[0];
  const std::string out_path = args->Get("out", csv + ".edm");
  const auto t0 = std::chrono::steady_clock::now();
  std::ifstream in(csv, std::ios::binary);
  if (!in) {
    std::cerr << "bulwark edm hash: cannot read " << csv << "\n";
    return kExitFailure;
  }
  std::vector<std::string> header, fields;
  bool bad = false;
  if (!ReadRecord(in, &header, &bad) || header.empty()) {
    std::cerr << "bulwark edm hash: " << csv << ": no header row\n";
    return kExitFailure;
  }
  std::vector<uint64_t> cells;
  uint64_t rows = 0, line = 1;
  while (ReadRecord(in, &fields, &bad)) {
    ++line;
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (fields.size() != header.size()) {
      std::cerr << "bulwark edm hash: " << csv << ":" << line << ": " << fields.size()
                << " fields, the header has " << header.size() << "\n";
      return kExitFailure;
    }
    for (const std::string& f : fields) {
      const std::string n = edm::Normalize(f);
      cells.push_back(n.empty() ? 0 : edm::CellHash(salt, n));
    }
    ++rows;
  }
  if (bad) {
    std::cerr << "bulwark edm hash: " << csv << ": unterminated quoted field\n";
    return kExitFailure;
  }
  const std::string tmp = out_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(edm::kMagic, sizeof edm::kMagic);
    Put<uint32_t>(out, static_cast<uint32_t>(header.size()));
    Put<uint64_t>(out, rows);
    const auto check = edm::SaltCheck(salt);
    out.write(reinterpret_cast<const char*>(check.data()), check.size());
    for (const std::string& name : header) {
      Put<uint32_t>(out, static_cast<uint32_t>(name.size()));
      out.write(name.data(), static_cast<std::streamsize>(name.size()));
    }
    out.write(reinterpret_cast<const char*>(cells.data()),
              static_cast<std::streamsize>(cells.size() * sizeof(uint64_t)));
    if (!out.flush()) {
      std::cerr << "bulwark edm hash: cannot write " << tmp << "\n";
      return kExitFailure;
    }
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) {
    std::cerr << "bulwark edm hash: cannot write " << out_path << "\n";
    return kExitFailure;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << "bulwark edm hash: " << rows << " rows x " << header.size() << " columns -> "
            << out_path << " (" << secs << " s)\n";
  return kExitOk;
}

}  // namespace

Command EdmHashCommand() {
  return {{"edm", "hash"},
          "Exact Data Match: hash a CSV of sensitive records for the edm plugin",
          kUsage,
          kOptions,
          &Hash};
}

}  // namespace bulwark::cli
