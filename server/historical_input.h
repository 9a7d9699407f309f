// One line of a historical import (motcua.v1.HistoricalDossier, as
// ImportDossiers receives it and `motcua import` reads it from a .jsonl
// file) read into the application's service::HistoricalInput.
#pragma once

#include "motcua/v1/dossier_service.pb.h"
#include "service/dossiers.h"

namespace motcua::server {

// The line as the application takes it. Never fails: what cannot be read
// (created_at unset or out of range, an event without a change or with an
// unknown status, an instant or processing time out of range ...) is left
// in `malformed`, an InvalidArgument naming the field ("events[2].at is
// required"), and service::Dossiers::Import refuses the line with it.
// `request_bytes` is the line serialized, the key of its idempotency.
service::HistoricalInput HistoricalInputOf(const v1::HistoricalDossier& w);

}  // namespace motcua::server
