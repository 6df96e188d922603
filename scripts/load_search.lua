-- wrk: uncached search, a distinct query on every request (two words of the archive's
-- vocabulary, every third joined by OR), so that no answer comes from the page cache.
-- Used by scripts/load.py.
package.path = (debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./") .. "?.lua;" .. package.path
local statuses = require("wrk_statuses")

local words = {
  "women", "migrant", "workers", "violence", "trafficking", "domestic", "gender", "rights",
  "protection", "labour", "health", "access", "justice", "victims", "recruitment", "exploitation",
  "discrimination", "employment", "remittances", "families", "children", "girls", "abuse",
  "sexual", "legislation", "policies", "cooperation", "countries", "origin", "destination",
  "transit", "services", "support", "shelters", "reporting", "data", "statistics", "research",
  "awareness", "training", "officials", "consular", "embassies", "agencies", "recruiters",
  "contracts", "wages", "conditions", "housing", "detention", "deportation", "irregular",
  "documented", "smuggling", "forced", "servitude", "slavery", "xenophobia", "racism",
  "intolerance", "convention", "protocol", "optional", "ratify", "implement", "measures",
  "national", "regional", "international", "organizations", "civil", "society", "media",
  "education", "poverty", "development", "economic", "social", "cultural", "participation",
}

statuses.run(function(counter)
  local n = #words
  local a = words[(counter % n) + 1]
  local b = words[(math.floor(counter / n) % n) + 1]
  local join = (counter % 3 == 0) and "+OR+" or "+"
  return "/search/?q=" .. a .. join .. b .. "&page=" .. tostring(math.floor(counter / (n * n)) % 3 + 1)
end, 7919)
