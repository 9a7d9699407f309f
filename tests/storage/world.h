// A small province to store dossiers in, and the generator of random legal
// histories (generator/), for the test suites.
#pragma once

#include "generator/history_generator.h"
#include "generator/world.h"

namespace motcua::testing {

using generator::HistoryGenerator;
using generator::LoadWorld;
using generator::World;

// Province 42 with districts 436 and 437 (437's commune 18352 moved to 436
// on 2025-01-01), four communes, and one agency per unit plus a
// province-level department; four fields and ten procedures with their
// processing times, fees and online levels.
World SmallProvince();

}  // namespace motcua::testing
