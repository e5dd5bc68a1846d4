#include "plugin/json_schema.h"

#include <re2/re2.h>

#include <set>

#include "util/utf8.h"

namespace bulwark {
namespace {

using json = nlohmann::json;

const std::set<std::string>& KnownKeywords() {
  static const std::set<std::string> kKnown = {"type",
                                               "enum",
                                               "const",
                                               "properties",
                                               "required",
                                               "items",
                                               "minItems",
                                               "maxItems",
                                               "minimum",
                                               "maximum",
                                               "minLength",
                                               "maxLength",
                                               "pattern",
                                               "exclusiveMinimum",
                                               "exclusiveMaximum",
                                               "additionalProperties",
                                               "description",
                                               "title",
                                               "default",
                                               "$schema",
                                               "examples"};
  return kKnown;
}

const std::set<std::string>& KnownTypes() {
  static const std::set<std::string> kTypes = {"object",  "array",   "string", "number",
                                               "integer", "boolean", "null"};
  return kTypes;
}

void CheckSchemaAt(const json& s, const std::string& at, std::vector<std::string>* out) {
  if (!s.is_object()) {
    out->push_back(at + ": a schema must be an object");
    return;
  }
  for (const auto& [key, value] : s.items()) {
    if (!KnownKeywords().count(key)) {
      out->push_back(at + ": unsupported keyword '" + key + "'");
    }
  }
  if (s.contains("type")) {
    const json& t = s["type"];
    std::vector<json> types =
        t.is_array() ? std::vector<json>(t.begin(), t.end()) : std::vector<json>{t};
    for (const json& one : types) {
      if (!one.is_string() || !KnownTypes().count(one.get<std::string>())) {
        out->push_back(at + "/type: unknown type " + one.dump());
      }
    }
  }
  if (s.contains("properties")) {
    if (!s["properties"].is_object()) {
      out->push_back(at + "/properties: must be an object");
    } else {
      for (const auto& [name, sub] : s["properties"].items()) {
        CheckSchemaAt(sub, at + "/properties/" + name, out);
      }
    }
  }
  if (s.contains("required") && !s["required"].is_array()) {
    out->push_back(at + "/required: must be a list of names");
  }
  if (s.contains("enum") && !s["enum"].is_array()) out->push_back(at + "/enum: must be a list");
  if (s.contains("items")) CheckSchemaAt(s["items"], at + "/items", out);
  if (s.contains("additionalProperties") && !s["additionalProperties"].is_boolean()) {
    CheckSchemaAt(s["additionalProperties"], at + "/additionalProperties", out);
  }
  if (s.contains("pattern")) {
    if (!s["pattern"].is_string()) {
      out->push_back(at + "/pattern: must be a string");
    } else if (!RE2(s["pattern"].get<std::string>(), RE2::Quiet).ok()) {
      out->push_back(at + "/pattern: not a valid RE2 regex");
    }
  }
  for (const char* k : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
                        "maxLength", "minItems", "maxItems"}) {
    if (s.contains(k) && !s[k].is_number()) out->push_back(at + "/" + k + ": must be a number");
  }
}

bool HasType(const json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "number") return v.is_number();
  if (type == "integer") {
    return v.is_number_integer() ||
           (v.is_number_float() &&
            v.get<double>() == static_cast<double>(static_cast<int64_t>(v.get<double>())));
  }
  if (type == "boolean") return v.is_boolean();
  return v.is_null();
}

void ValidateAt(const json& s, const json& v, const std::string& at,
                std::vector<std::string>* out) {
  if (s.contains("type")) {
    const json& t = s["type"];
    bool ok = false;
    std::string names;
    for (const json& one : t.is_array() ? t : json::array({t})) {
      ok = ok || HasType(v, one.get<std::string>());
      names += (names.empty() ? "" : " or ") + one.get<std::string>();
    }
    if (!ok) {
      out->push_back(at + ": must be " + names + ", found " + std::string(v.type_name()));
      return;
    }
  }
  if (s.contains("enum")) {
    bool found = false;
    for (const json& e : s["enum"]) found = found || e == v;
    if (!found) out->push_back(at + ": must be one of " + s["enum"].dump());
  }
  if (s.contains("const") && s["const"] != v) {
    out->push_back(at + ": must be " + s["const"].dump());
  }
  if (v.is_number()) {
    const double x = v.get<double>();
    if (s.contains("minimum") && x < s["minimum"].get<double>()) {
      out->push_back(at + ": must be at least " + s["minimum"].dump());
    }
    if (s.contains("maximum") && x > s["maximum"].get<double>()) {
      out->push_back(at + ": must be at most " + s["maximum"].dump());
    }
    if (s.contains("exclusiveMinimum") && x <= s["exclusiveMinimum"].get<double>()) {
      out->push_back(at + ": must be greater than " + s["exclusiveMinimum"].dump());
    }
    if (s.contains("exclusiveMaximum") && x >= s["exclusiveMaximum"].get<double>()) {
      out->push_back(at + ": must be less than " + s["exclusiveMaximum"].dump());
    }
  }
  if (v.is_string()) {
    const std::string& str = v.get_ref<const std::string&>();
    const double len = static_cast<double>(CountCodePoints(str, 0, str.size()));
    if (s.contains("minLength") && len < s["minLength"].get<double>()) {
      out->push_back(at + ": must have at least " + s["minLength"].dump() + " characters");
    }
    if (s.contains("maxLength") && len > s["maxLength"].get<double>()) {
      out->push_back(at + ": must have at most " + s["maxLength"].dump() + " characters");
    }
    if (s.contains("pattern") && !RE2::PartialMatch(str, RE2(s["pattern"].get<std::string>()))) {
      out->push_back(at + ": must match " + s["pattern"].dump());
    }
  }
  if (v.is_array()) {
    const double n = static_cast<double>(v.size());
    if (s.contains("minItems") && n < s["minItems"].get<double>()) {
      out->push_back(at + ": must have at least " + s["minItems"].dump() + " items");
    }
    if (s.contains("maxItems") && n > s["maxItems"].get<double>()) {
      out->push_back(at + ": must have at most " + s["maxItems"].dump() + " items");
    }
    if (s.contains("items")) {
      for (size_t i = 0; i < v.size(); ++i) {
        ValidateAt(s["items"], v[i], at + "/" + std::to_string(i), out);
      }
    }
  }
  if (v.is_object()) {
    if (s.contains("required")) {
      for (const json& name : s["required"]) {
        if (name.is_string() && !v.contains(name.get<std::string>())) {
          out->push_back(at + ": missing required property '" + name.get<std::string>() + "'");
        }
      }
    }
    const json empty = json::object();
    const json& props = s.contains("properties") ? s["properties"] : empty;
    for (const auto& [name, value] : v.items()) {
      if (props.contains(name)) {
        ValidateAt(props[name], value, at + "/" + name, out);
      } else if (s.contains("additionalProperties")) {
        const json& extra = s["additionalProperties"];
        if (extra.is_boolean()) {
          if (!extra.get<bool>()) out->push_back(at + ": unknown property '" + name + "'");
        } else {
          ValidateAt(extra, value, at + "/" + name, out);
        }
      }
    }
  }
}

}  // namespace

std::vector<std::string> CheckJsonSchema(const json& schema) {
  std::vector<std::string> out;
  CheckSchemaAt(schema, "", &out);
  return out;
}

std::vector<std::string> ValidateJson(const json& schema, const json& value) {
  std::vector<std::string> out;
  ValidateAt(schema, value, "", &out);
  return out;
}

}  // namespace bulwark
