-- wrk: a mix of pages (home, a resolution, a report, rare and common searches, an instrument),
-- in turn. Used by scripts/load.py and scripts/outage.py.
package.path = (debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./") .. "?.lua;" .. package.path
local statuses = require("wrk_statuses")

local paths = {
  "/", "/documents/A/RES/74/127/", "/documents/A/72/215/",
  "/search/?q=xenophobia", "/search/?q=women", "/search/?q=women&page=3", "/search/?q=%22migrant+workers%22",
  "/instruments/A/RES/48/104/", "/documents/A/RES/74/127/para/op5/", "/sessions/74/",
}

statuses.run(function(counter)
  return paths[(counter % #paths) + 1]
end)
