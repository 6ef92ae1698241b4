// Fuzz target: the loaders of the data files the extractor reads at start
// (data/actors.tsv, data/gazetteer.tsv, data/lexicon.tsv). The first byte
// picks the loader (0 actor index, 1 gazetteer, 2 lexicon); the rest is the
// file. A file that loads is queried with names taken from its own lines.
//
// Invariants: a refused file is named with its line in the message; lookups
// on a loaded file answer without crashing, and a role found is one of the
// actor's own roles.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "actors.h"
#include "fuzz_check.h"
#include "resources.h"

namespace {

// Calls `visit` with the first tab-separated field of each of the first
// lines of `file`.
template <typename Visit>
void ForFirstFields(std::string_view file, Visit visit) {
  size_t begin = 0;
  for (int line = 0; line < 16 && begin < file.size(); ++line) {
    size_t end = file.find('\n', begin);
    if (end == std::string_view::npos) end = file.size();
    const std::string_view text = file.substr(begin, end - begin);
    visit(text.substr(0, text.find('\t')));
    begin = end + 1;
  }
}

void CheckRefusal(const geokg::Status& status) {
  FUZZ_CHECK(!status.ok());
  FUZZ_CHECK(status.ToString().find("fuzz.tsv") != std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view file(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto index = geokg::ActorIndex::FromText(file, "fuzz.tsv");
      if (!index.ok()) return CheckRefusal(index.status()), 0;
      ForFirstFields(file, [&](std::string_view name) {
        const geokg::Actor* actor = index->Find(name);
        if (actor == nullptr) return;
        for (geokg::Date date : {geokg::Date{}, geokg::Date{20230115}}) {
          const geokg::ActorRole* role = geokg::ActorIndex::RoleOn(*actor, date);
          if (role != nullptr) {
            FUZZ_CHECK(role >= actor->roles.data() &&
                       role < actor->roles.data() + actor->roles.size());
          }
        }
      });
      break;
    }
    case 1: {
      auto gazetteer = geokg::Gazetteer::FromText(file, "fuzz.tsv");
      if (!gazetteer.ok()) return CheckRefusal(gazetteer.status()), 0;
      ForFirstFields(file, [&](std::string_view alias) { (void)gazetteer->Find(alias); });
      break;
    }
    default: {
      auto lexicon = geokg::Lexicon::FromText(file, "fuzz.tsv");
      if (!lexicon.ok()) return CheckRefusal(lexicon.status()), 0;
      ForFirstFields(file, [&](std::string_view form) { (void)lexicon->Lookup(form); });
      break;
    }
  }
  return 0;
}
