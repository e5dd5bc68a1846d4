#include "bulwark/plugin_host.h"

#define BOOST_DLL_USE_STD_FS
#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "plugin/json_schema.h"
#include "plugin/plugin_host_impl.h"

namespace bulwark {
namespace {

std::string ToString(bw_str s) {
  return s.data == nullptr ? std::string() : std::string(s.data, s.size);
}

bool ValidName(const std::string& n) {
  if (n.empty() || n.size() > 64) return false;
  for (size_t i = 0; i < n.size(); ++i) {
    const char c = n[i];
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '-' || c == '_'));
    if (!ok) return false;
  }
  return true;
}

// Reads one plugin's tables into *info and *types, or returns why it cannot be used.
std::string ReadPlugin(const bw_plugin* p, const std::string& path, PluginInfo* info,
                       std::vector<std::unique_ptr<LoadedType>>* types) {
  if (p == nullptr) return "the entry function returned no plugin table";
  if (p->struct_size < offsetof(bw_plugin, name)) return "plugin table too small (corrupt)";
  // Only the size and the two version fields are laid out alike in every ABI: check the
  // versions before reading anything else.
  info->path = path;
  info->abi_major = p->abi_major;
  info->abi_minor = p->abi_minor;
  if (p->abi_major != BULWARK_PLUGIN_ABI_MAJOR) {
    return "ABI " + std::to_string(p->abi_major) + "." + std::to_string(p->abi_minor) +
           " is not compatible with the host's ABI " + std::to_string(BULWARK_PLUGIN_ABI_MAJOR) +
           "." + std::to_string(BULWARK_PLUGIN_ABI_MINOR) + " (the major versions differ)";
  }
  if (p->struct_size < sizeof(bw_plugin)) return "plugin table smaller than ABI 1.0's (corrupt)";
  if (p->abi_minor > BULWARK_PLUGIN_ABI_MINOR) {
    return "ABI " + std::to_string(p->abi_major) + "." + std::to_string(p->abi_minor) +
           " is newer than the host's ABI " + std::to_string(BULWARK_PLUGIN_ABI_MAJOR) + "." +
           std::to_string(BULWARK_PLUGIN_ABI_MINOR) + ": upgrade Bulwark or rebuild the plugin";
  }
  info->name = ToString(p->name);
  info->version = ToString(p->version);
  info->description = ToString(p->description);
  if (!ValidName(info->name))
    return "invalid plugin name '" + info->name + "' (want [a-z0-9][a-z0-9_-]*)";
  if (p->type_count > 0 && p->types == nullptr) return "plugin declares types but no table";
  std::set<std::string> seen;
  for (size_t i = 0; i < p->type_count; ++i) {
    const bw_detector_type* t = p->types[i];
    if (t == nullptr || t->struct_size < sizeof(bw_detector_type)) {
      return "detector type #" + std::to_string(i) + ": table missing or too small";
    }
    auto type = std::make_unique<LoadedType>();
    type->plugin = info->name;
    type->table = t;
    type->info.name = ToString(t->name);
    type->info.description = ToString(t->description);
    type->info.config_schema = ToString(t->config_schema);
    const std::string what = "detector type '" + type->info.name + "'";
    if (!ValidName(type->info.name)) return what + ": invalid name (want [a-z0-9][a-z0-9_-]*)";
    if (!seen.insert(type->info.name).second) return what + ": declared twice";
    if (t->create == nullptr || t->scan == nullptr || t->last_error == nullptr ||
        t->destroy == nullptr) {
      return what + ": a function (create, scan, last_error, destroy) is missing";
    }
    if (t->prefilter_count > 0 && t->prefilters == nullptr) return what + ": prefilters missing";
    for (size_t k = 0; k < t->prefilter_count; ++k) {
      type->info.prefilters.push_back(ToString(t->prefilters[k]));
    }
    if (!type->info.config_schema.empty()) {
      const nlohmann::json schema = nlohmann::json::parse(type->info.config_schema, nullptr, false);
      if (schema.is_discarded()) return what + ": config schema is not valid JSON";
      const std::vector<std::string> problems = CheckJsonSchema(schema);
      if (!problems.empty()) return what + ": config schema " + problems.front();
    }
    type->qualified = info->name + "." + type->info.name;
    info->types.push_back(type->info);
    types->push_back(std::move(type));
  }
  return "";
}

void LoadOne(const std::filesystem::path& path, LoadedPlugins* impl) {
  auto fail = [&](const std::string& message) { impl->errors.push_back({path.string(), message}); };
  auto lib = std::make_shared<boost::dll::shared_library>();
  boost::dll::fs::error_code ec;
  lib->load(path, ec, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  if (ec) {
    fail("not a loadable shared library: " + ec.message());
    return;
  }
  if (!lib->has(BULWARK_PLUGIN_ENTRY_SYMBOL)) {
    fail(std::string("not a Bulwark plugin: no '") + BULWARK_PLUGIN_ENTRY_SYMBOL + "' symbol");
    return;
  }
  const auto entry = lib->get<const bw_plugin*()>(BULWARK_PLUGIN_ENTRY_SYMBOL);
  PluginInfo info;
  std::vector<std::unique_ptr<LoadedType>> types;
  const std::string problem = ReadPlugin(entry(), path.string(), &info, &types);
  if (!problem.empty()) {
    fail((info.name.empty() ? "" : "plugin '" + info.name + "': ") + problem);
    return;
  }
  for (const PluginInfo& other : impl->plugins) {
    if (other.name == info.name) {
      fail("plugin '" + info.name + "' is already loaded from " + other.path);
      return;
    }
  }
  impl->plugins.push_back(std::move(info));
  for (auto& t : types) impl->types.push_back(std::move(t));
  impl->libraries.push_back(std::move(lib));
}

}  // namespace

const LoadedType* LoadedPlugins::Find(std::string_view qualified) const {
  for (const auto& t : types) {
    if (t->qualified == qualified) return t.get();
  }
  return nullptr;
}

PluginDetector::~PluginDetector() { type_.table->destroy(instance_); }

PluginDetector::Outcome PluginDetector::Scan(std::string_view text,
                                             const std::vector<uint32_t>& fired,
                                             std::chrono::nanoseconds budget,
                                             std::vector<PluginFinding>* out) const {
  out->clear();
  const auto started = std::chrono::steady_clock::now();
  struct Sink {
    std::vector<PluginFinding>* out;
    size_t size;
    bool out_of_bounds = false;
  } sink_state{out, text.size()};
  const bw_sink sink{sizeof(bw_sink), &sink_state, [](void* host, const bw_finding* f) -> int {
                       auto* s = static_cast<Sink*>(host);
                       if (f == nullptr || f->struct_size < offsetof(bw_finding, masked) ||
                           f->start >= f->end || f->end > s->size) {
                         s->out_of_bounds = true;
                         return 1;
                       }
                       s->out->push_back({f->start, f->end, std::clamp<int>(f->confidence, 0, 2)});
                       return 0;
                     }};
  const int rc = type_.table->scan(instance_, bw_str{text.data(), text.size()}, fired.data(),
                                   fired.size(), &sink);
  if (rc != 0) {
    out->clear();
    const bw_str why = type_.table->last_error(instance_);
    Fail(why.data != nullptr
             ? std::string(why.data, std::min<size_t>(why.size, BULWARK_PLUGIN_ERROR_SIZE))
             : "scan failed (no reason given)");
    return Outcome::kFailed;
  }
  if (sink_state.out_of_bounds) {
    out->clear();
    Fail("a finding was outside the scanned text (or malformed)");
    return Outcome::kFailed;
  }
  const auto took = std::chrono::steady_clock::now() - started;
  if (budget.count() > 0 && took > budget) {
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    Fail("a scan took " + std::to_string(duration_cast<milliseconds>(took).count()) +
         " ms, over the plugin time budget of " +
         std::to_string(duration_cast<milliseconds>(budget).count()) + " ms");
    return Outcome::kOverran;
  }
  consecutive_failures_.store(0);
  return Outcome::kOk;
}

void PluginDetector::Fail(std::string reason) const {
  errors_.fetch_add(1);
  consecutive_failures_.fetch_add(1);
  std::lock_guard<std::mutex> lock(error_mu_);
  last_error_ = std::move(reason);
}

std::string PluginDetector::last_error() const {
  std::lock_guard<std::mutex> lock(error_mu_);
  return last_error_;
}

PluginHost::PluginHost() : impl_(std::make_unique<LoadedPlugins>()) {}
PluginHost::~PluginHost() {
  // Types before libraries: their tables live in the libraries.
  impl_->types.clear();
  impl_->libraries.clear();
}

std::shared_ptr<const PluginHost> PluginHost::LoadFiles(
    const std::vector<std::filesystem::path>& files) {
  std::shared_ptr<PluginHost> host(new PluginHost());
  for (const auto& f : files) LoadOne(f, host->impl_.get());
  return host;
}

std::shared_ptr<const PluginHost> PluginHost::Load(const std::vector<std::filesystem::path>& dirs) {
  std::vector<std::filesystem::path> files;
  std::vector<PluginLoadError> errors;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir, ec)) {
      files.push_back(dir);
      continue;
    }
    std::vector<std::filesystem::path> here;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      if (e.is_regular_file() && e.path().extension() == ".so") here.push_back(e.path());
    }
    if (ec) errors.push_back({dir.string(), "cannot read the plugin directory: " + ec.message()});
    std::sort(here.begin(), here.end());
    files.insert(files.end(), here.begin(), here.end());
  }
  std::shared_ptr<PluginHost> host(new PluginHost());
  host->impl_->errors = std::move(errors);
  for (const auto& f : files) LoadOne(f, host->impl_.get());
  return host;
}

const std::vector<PluginInfo>& PluginHost::plugins() const { return impl_->plugins; }
const std::vector<PluginLoadError>& PluginHost::errors() const { return impl_->errors; }
uint32_t PluginHost::AbiMajor() { return BULWARK_PLUGIN_ABI_MAJOR; }
uint32_t PluginHost::AbiMinor() { return BULWARK_PLUGIN_ABI_MINOR; }

}  // namespace bulwark
