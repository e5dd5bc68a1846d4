#include "cli/runtime_config.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>

#include "test_util.h"

namespace bulwark::cli {
namespace {

Status Load(const std::string& yaml, RuntimeConfig* c) {
  static testing::TempDir dir;
  const auto p = dir.Write("bulwark.yaml", yaml);
  return LoadRuntimeConfig(p.string(), c);
}

TEST(RuntimeConfig, FullServiceConfig) {
  RuntimeConfig c;
  ASSERT_TRUE(Load(R"(
policies: [policies]
keys: [{id: k1, key_file: keys/k1.pem}]
source:
  eventhubs_namespace: contoso-dlp
  connection_string_env: EH_CONN
  topic: teams
  consumer_group: dlp
  properties: {session.timeout.ms: 10000}
sinks:
  - {type: jsonl, path: out/verdicts.jsonl, records: [verdict, lifecycle]}
  - {type: jsonl, path: "-", records: [dead_letter]}
workers: 3
metrics: {listen: "127.0.0.1:9999"}
shutdown_timeout_seconds: 5
)",
                   &c)
                  .ok());
  EXPECT_EQ(c.source.eventhubs_namespace, "contoso-dlp");
  EXPECT_EQ(c.source.topic, "teams");
  EXPECT_EQ(c.source.consumer_group, "dlp");
  EXPECT_EQ(c.source.properties.at("session.timeout.ms"), "10000");
  ASSERT_EQ(c.sinks.size(), 2u);
  EXPECT_EQ(c.sinks[0].path.substr(c.sinks[0].path.size() - 19),
            "/out/verdicts.jsonl");  // resolved
  EXPECT_EQ(c.sinks[1].path, "-");
  EXPECT_EQ(c.sinks[1].records, std::vector<std::string>{"dead_letter"});
  EXPECT_EQ(c.workers, 3u);
  EXPECT_EQ(c.metrics_listen, "127.0.0.1:9999");
  EXPECT_TRUE(c.keys[0].key_file.find("/keys/k1.pem") != std::string::npos);
}

TEST(RuntimeConfig, ErrorsNameFileLineColumn) {
  RuntimeConfig c;
  Status s = Load("sinks:\n  - {type: s3, path: x}\n", &c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("bulwark.yaml:2:12: unknown sink type 's3'"), std::string::npos)
      << s.message();
  s = Load("source: {bootstrap_servers: 'x:1'}\n", &c);
  EXPECT_NE(s.message().find("'topic' (the Event Hub name) is required"), std::string::npos)
      << s.message();
  s = Load("source: {eventhubs_namespace: ns, topic: t}\n", &c);
  EXPECT_NE(s.message().find("needs connection_string_env"), std::string::npos) << s.message();
  s = Load("workerz: 2\n", &c);
  EXPECT_NE(s.message().find("bulwark.yaml:1:1: config: unknown key 'workerz'"), std::string::npos)
      << s.message();
  s = Load("sinks:\n  - {type: jsonl, path: x, records: [verdicts]}\n", &c);
  EXPECT_NE(s.message().find("unknown record kind 'verdicts'"), std::string::npos) << s.message();
  s = Load("large_payloads: {account_url: 'https://a.blob.core.windows.net'}\n", &c);
  EXPECT_NE(s.message().find("bulwark.yaml:1:17: large_payloads: one of 'shared_key_env' or "
                             "'sas_env'"),
            std::string::npos)
      << s.message();
  s = Load("feedback: {keep_justification_text: true, ledger_capacity: 10}\n", &c);
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(c.feedback.keep_justification_text);
  EXPECT_EQ(c.feedback.ledger_capacity, 10u);
  s = Load("key_ring: {retire_after_minutes: 5}\n", &c);
  EXPECT_NE(s.message().find("key_ring: 'dir' is required"), std::string::npos) << s.message();
  // yaml-cpp reads this as an empty document; it must not pass for an empty config.
  s = Load(",\n", &c);
  EXPECT_NE(s.message().find("not a YAML map of settings"), std::string::npos) << s.message();
  // A file of comments only is an empty config.
  EXPECT_TRUE(Load("# nothing yet\n---\n", &c).ok());
}

TEST(RuntimeConfig, ShippedExamplesLoad) {
  for (const char* name : {"/bulwark.yaml", "/replay.yaml"}) {
    RuntimeConfig c;
    const Status s = LoadRuntimeConfig(std::string(BULWARK_SAMPLES_DIR) + name, &c);
    EXPECT_TRUE(s.ok()) << name << ": " << s.message();
  }
}

TEST(RuntimeConfig, TimeBudgetsDefaultAndAreConfigurable) {
  RuntimeConfig c;
  ASSERT_TRUE(Load("workers: 1\n", &c).ok());
  EXPECT_EQ(c.event_time_budget, kDefaultEventTimeBudget);
  EXPECT_EQ(c.plugin_time_budget, kDefaultPluginTimeBudget);
  RuntimeConfig d;
  ASSERT_TRUE(Load("limits: {event_time_budget_ms: 250, plugin_time_budget_ms: 0}\n", &d).ok());
  EXPECT_EQ(d.event_time_budget, std::chrono::milliseconds(250));
  EXPECT_EQ(d.plugin_time_budget, std::chrono::milliseconds(0));
  RuntimeConfig e;
  const Status s = Load("limits: {event_budget: 1}\n", &e);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("event_budget"), std::string::npos) << s.message();
}

TEST(RuntimeConfig, AFileWithAnInlineSecretMustBeReadableByItsOwnerOnly) {
  testing::TempDir dir;
  const std::string yaml =
      "source: {bootstrap_servers: 'localhost:1', topic: t,\n"
      "         properties: {sasl.password: not-a-real-password-test-only}}\n";
  const auto path = dir.Write("secret.yaml", yaml);
  chmod(path.c_str(), 0644);
  RuntimeConfig c;
  Status s = LoadRuntimeConfig(path.string(), &c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("config file (it holds sasl.password)"), std::string::npos)
      << s.message();
  EXPECT_EQ(s.message().find("not-a-real-password"), std::string::npos);  // never the value
  chmod(path.c_str(), 0600);
  RuntimeConfig d;
  s = LoadRuntimeConfig(path.string(), &d);
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(d.warnings.empty());
  // Without a secret in it, a config file's mode is its owner's business.
  const auto plain = dir.Write("plain.yaml", "workers: 2\n");
  chmod(plain.c_str(), 0644);
  RuntimeConfig e;
  EXPECT_TRUE(LoadRuntimeConfig(plain.string(), &e).ok());
}

}  // namespace
}  // namespace bulwark::cli
