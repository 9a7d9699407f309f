// Checks, through the API, that every write a server acknowledged (as
// motcua-load --acknowledged logged them) is in the store as the change it
// was.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/acknowledged_writes.h"
#include "client/motcua_client.h"

namespace motcua::testing {

struct AcknowledgedCheck {
  int64_t writes = 0;    // acknowledged writes checked
  int64_t dossiers = 0;  // the dossiers they changed
  // The first problems found (at most 20), and how many there were.
  std::vector<std::string> problems;
  int64_t problem_count = 0;
};

// Reads each dossier of `writes` once, with its history (GetDossier, as
// `reader`, which must see every dossier: an ADMIN client), and checks
// each write: the dossier has at least the write's version; the event at
// that sequence is the write's kind of change (a dossier created by
// SubmitDossier, a reception, a transition, a step started or finished, an
// apology) and left the dossier in the status the answer gave.
AcknowledgedCheck CheckAcknowledgedWrites(
    client::Client& reader,
    const std::vector<client::AcknowledgedWrite>& writes);

}  // namespace motcua::testing
