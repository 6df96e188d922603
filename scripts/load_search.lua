-- wrk: uncached search, a distinct query on every request (two words of the archive's
-- vocabulary, every third joined by OR), so that no answer comes from the page cache.
-- done() prints "status NNN: count" lines. Used by archive/hardening/load.py.
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
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  counter = offset
  statuses = {}
end

function request()
  counter = counter + 1
  local n = #words
  local a = words[(counter % n) + 1]
  local b = words[(math.floor(counter / n) % n) + 1]
  local join = (counter % 3 == 0) and "+OR+" or "+"
  return wrk.format("GET", "/search/?q=" .. a .. join .. b .. "&page=" .. tostring(math.floor(counter / (n * n)) % 3 + 1))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  for status, n in pairs(total) do
    io.write(string.format("status %d: %d\n", status, n))
  end
end
