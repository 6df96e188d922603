-- wrk: a mix of pages (home, a resolution, a report, rare and common searches, an instrument),
-- counting response statuses per thread; done() prints "status NNN: count" lines.
-- Used by archive/hardening/load.py and outage.py.
local paths = {
  "/", "/documents/A/RES/74/127/", "/documents/A/72/215/",
  "/search/?q=xenophobia", "/search/?q=women", "/search/?q=women&page=3", "/search/?q=%22migrant+workers%22",
  "/instruments/A/RES/48/104/", "/documents/A/RES/74/127/para/op5/", "/sessions/74/",
}
local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = offset
  statuses = {}
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
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
