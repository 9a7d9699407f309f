// The rules a deployment chooses (DOMAIN.md sections 5 and 6).
#pragma once

#include "core/timeliness.h"
#include "core/work_schedule.h"

namespace motcua::core {

// What a supplement request does to the clock. Numbers are part of the wire
// and disk formats: never renumber.
enum class SupplementRule {
  kUnspecified = 0,
  // The due instant moves out by the working time spent waiting (default).
  kPause = 1,
  // The full processing time is recounted from the (normalised) instant the
  // complete dossier comes back.
  kRestart = 2,
};

struct DomainRules {
  SupplementRule supplement = SupplementRule::kPause;
  Granularity granularity = Granularity::kDate;
};

// The deployment's rules and working hours, as an administrator sets them.
struct Settings {
  DomainRules rules;
  WorkSchedule schedule = WorkSchedule::Default();
};

}  // namespace motcua::core
