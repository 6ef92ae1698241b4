// Loader and lookups for data/actors.tsv. The file format is documented in
// docs/actors.md and at the top of the file (scripts/build-actors.py).
#include "actors.h"

#include "data_io.h"

#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace geokg {
namespace {

// "" -> unknown Date; otherwise a strict "YYYY-MM-DD". False when malformed.
bool ParseRoleDate(std::string_view text, Date* date) {
  *date = Date();
  if (text.empty()) return true;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  Result<Date> parsed = Date::Parse(text);
  if (!parsed.ok()) return false;
  *date = *parsed;
  return true;
}

// Parses "organisation|type|from|until|code". Returns "" or what is wrong.
std::string ParseRole(std::string_view text, ActorRole* role) {
  std::vector<std::string_view> parts;
  SplitOn(text, '|', &parts);
  if (parts.size() != 5) return "role needs 5 |-separated fields: '" + std::string(text) + "'";
  if (parts[0].empty()) return "role without organisation";
  role->organisation = std::string(parts[0]);
  if (!ParseEntityType(parts[1], &role->organisation_type) ||
      (role->organisation_type != EntityType::kGpe && role->organisation_type != EntityType::kOrg &&
       role->organisation_type != EntityType::kGroup)) {
    return "bad organisation type '" + std::string(parts[1]) + "'";
  }
  if (!ParseRoleDate(parts[2], &role->from)) return "bad from date '" + std::string(parts[2]) + "'";
  if (!ParseRoleDate(parts[3], &role->until)) {
    return "bad until date '" + std::string(parts[3]) + "'";
  }
  if (role->from.known() && role->until.known() && role->until < role->from) {
    return "role ends before it starts";
  }
  role->code = std::string(parts[4]);
  return "";
}

bool IsDated(const ActorRole& role) { return role.from.known() || role.until.known(); }

}  // namespace

Result<ActorIndex> ActorIndex::Load(const std::string& path) {
  std::string text;
  Status read = ReadWholeFile(path, &text);
  if (!read.ok()) return read;
  return FromText(text, path);
}

Result<ActorIndex> ActorIndex::FromText(std::string_view text, const std::string& path) {
  try {
    ActorIndex index;
    // Keys of full names; an alias never takes a key a name holds.
    std::unordered_map<std::string, size_t> names;
    std::vector<std::pair<std::string, size_t>> aliases;
    std::vector<std::string_view> fields;
    std::vector<std::string_view> parts;
    size_t line_no = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line[0] == '#') continue;
      auto corrupt = [&](const std::string& what) {
        return Status::Corruption(path + ":" + std::to_string(line_no) + ": " + what);
      };
      SplitOn(line, '\t', &fields);
      if (fields.size() != 3) {
        return corrupt("expected 3 tab-separated fields, got " + std::to_string(fields.size()));
      }
      Actor actor;
      actor.name = std::string(fields[0]);
      std::string key = NameKey(actor.name);
      if (key.empty()) return corrupt("empty name");
      SplitOn(fields[2], ';', &parts);
      actor.roles.reserve(parts.size());
      for (std::string_view part : parts) {
        ActorRole role;
        std::string error = ParseRole(part, &role);
        if (!error.empty()) return corrupt(error);
        actor.roles.push_back(std::move(role));
      }
      const size_t id = index.actors_.size();
      if (!names.emplace(key, id).second) return corrupt("duplicate name '" + actor.name + "'");
      SplitOn(fields[1], '|', &parts);
      for (std::string_view alias : parts) {
        std::string alias_key = NameKey(alias);
        if (alias_key.empty()) return corrupt("empty alias");
        aliases.emplace_back(std::move(alias_key), id);
      }
      index.actors_.push_back(std::move(actor));
    }
    index.by_key_ = std::move(names);
    // The first person to list an alias keeps it; names were placed first.
    for (auto& [alias_key, id] : aliases) index.by_key_.emplace(std::move(alias_key), id);
    return index;
  } catch (const std::exception& e) {
    return Status::IOError(path + ": " + e.what());
  }
}

const Actor* ActorIndex::Find(std::string_view name) const {
  auto it = by_key_.find(NameKey(name));
  return it == by_key_.end() ? nullptr : &actors_[it->second];
}

const ActorRole* ActorIndex::RoleOn(const Actor& actor, Date date) {
  if (date.known()) {
    for (const ActorRole& role : actor.roles) {
      if (!IsDated(role)) continue;
      if (role.from.known() && date < role.from) continue;
      if (role.until.known() && role.until < date) continue;
      return &role;
    }
  }
  for (const ActorRole& role : actor.roles) {
    if (!IsDated(role)) return &role;
  }
  if (date.known()) return nullptr;
  // Unknown date, no default: the role that started last (an open start
  // counts as earliest; the first listed wins a tie).
  const ActorRole* latest = nullptr;
  for (const ActorRole& role : actor.roles) {
    if (latest == nullptr || latest->from < role.from) latest = &role;
  }
  return latest;
}

}  // namespace geokg
