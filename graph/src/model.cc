// The plain value types of graph.h: Status, entity/relation names, Date and
// TripleFilter.
#include <array>
#include <cstdio>

#include "geokg/graph.h"

namespace geokg {
namespace {

// ASCII letters only, as std::tolower in the "C" locale (geokg never sets
// another), without a library call per byte.
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

constexpr std::array<std::string_view, 5> kEntityTypeNames = {"PERSON", "GPE", "ORG", "GROUP",
                                                              "OTHER"};

// Indexed by the Relation enum value.
constexpr std::array<std::string_view, kRelationCount> kRelationNames = {
    "represents", "member_of", "agree",    "consult",  "support", "concede",
    "cooperate",  "aid",       "retreat",  "request",  "accuse",  "reject",
    "threaten",   "protest",   "sanction", "mobilize", "coerce",  "assault"};

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Parses exactly `digits` ASCII digits; false otherwise.
bool ParseDigits(std::string_view text, size_t digits, int* value) {
  if (text.size() != digits) return false;
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

}  // namespace

std::string Status::ToString() const {
  const char* name = "OK";
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kNotFound:
      name = "NotFound";
      break;
    case Code::kInvalidArgument:
      name = "Invalid argument";
      break;
    case Code::kCorruption:
      name = "Corruption";
      break;
    case Code::kIOError:
      name = "IO error";
      break;
    case Code::kBusy:
      name = "Busy";
      break;
  }
  return std::string(name) + ": " + message_;
}

std::string_view EntityTypeName(EntityType type) {
  const auto index = static_cast<size_t>(type);
  return index < kEntityTypeNames.size() ? kEntityTypeNames[index] : "OTHER";
}

bool ParseEntityType(std::string_view name, EntityType* type) {
  for (size_t i = 0; i < kEntityTypeNames.size(); ++i) {
    if (EqualsIgnoreCase(name, kEntityTypeNames[i])) {
      *type = static_cast<EntityType>(i);
      return true;
    }
  }
  return false;
}

std::string_view RelationName(Relation relation) {
  const auto index = static_cast<size_t>(relation);
  return index < kRelationNames.size() ? kRelationNames[index] : "unknown";
}

bool ParseRelation(std::string_view name, Relation* relation) {
  for (size_t i = 0; i < kRelationNames.size(); ++i) {
    if (EqualsIgnoreCase(name, kRelationNames[i])) {
      *relation = static_cast<Relation>(i);
      return true;
    }
  }
  return false;
}

int RelationValence(Relation relation) {
  switch (relation) {
    case Relation::kAgree:
    case Relation::kConsult:
    case Relation::kSupport:
    case Relation::kConcede:
    case Relation::kCooperate:
    case Relation::kAid:
    case Relation::kRetreat:
      return 1;
    case Relation::kAccuse:
    case Relation::kReject:
    case Relation::kThreaten:
    case Relation::kProtest:
    case Relation::kSanction:
    case Relation::kMobilize:
    case Relation::kCoerce:
    case Relation::kAssault:
      return -1;
    case Relation::kRepresents:
    case Relation::kMemberOf:
    case Relation::kRequest:
      return 0;
  }
  return 0;
}

bool IsSymmetric(Relation relation) {
  return relation == Relation::kConsult || relation == Relation::kCooperate ||
         relation == Relation::kAgree;
}

std::string Date::ToString() const {
  if (!known()) return "";
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year(), month(), day());
  return buf;
}

Date Date::FromYmd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return Date();
  }
  return Date{static_cast<uint32_t>(year * 10000 + month * 100 + day)};
}

Result<Date> Date::Parse(std::string_view text) {
  auto invalid = [text](const char* why) {
    return Status::InvalidArgument("invalid date \"" + std::string(text) + "\": " + why);
  };
  int year = 0;
  int month = 1;
  int day = 1;
  if (!ParseDigits(text.substr(0, 4), 4, &year)) return invalid("expected YYYY[-MM[-DD]]");
  if (text.size() > 4) {
    if (text[4] != '-' || !ParseDigits(text.substr(5, 2), 2, &month)) {
      return invalid("expected YYYY[-MM[-DD]]");
    }
    if (text.size() > 7) {
      if (text[7] != '-' || !ParseDigits(text.substr(8), 2, &day)) {
        return invalid("expected YYYY[-MM[-DD]]");
      }
    }
  }
  if (year < 1) return invalid("year out of range 0001-9999");
  if (month < 1 || month > 12) return invalid("month out of range 01-12");
  if (day < 1 || day > DaysInMonth(year, month)) return invalid("day out of range for the month");
  return FromYmd(year, month, day);
}

std::string_view DateSourceName(DateSource source) {
  switch (source) {
    case DateSource::kMetadata:
      return "metadata";
    case DateSource::kText:
      return "text";
    case DateSource::kUnknown:
      break;
  }
  return "unknown";
}

bool TripleFilter::Accepts(const StoredTriple& t) const { return Accepts(t.relation, t.date); }

bool TripleFilter::Accepts(Relation relation, Date date) const {
  if (!relations.empty()) {
    bool found = false;
    for (Relation r : relations) found = found || r == relation;
    if (!found) return false;
  }
  if (!since.known() && !until.known()) return true;
  if (!date.known()) return false;
  if (since.known() && date < since) return false;
  if (until.known() && until < date) return false;
  return true;
}

}  // namespace geokg
