-- wrk: the part the load scripts share. statuses.run(next_path, stride) defines wrk's callbacks:
-- each thread starts its request counter at thread number * stride and asks next_path(counter)
-- for the path of each request; response statuses are counted per thread, and done() prints
-- their totals as "status NNN: count" lines (what scripts/load.py reads).
local statuses = {}

function statuses.run(next_path, stride)
  local threads = {}

  function setup(thread)
    thread:set("offset", #threads * (stride or 1))
    table.insert(threads, thread)
  end

  function init(args)
    counter = offset
    counts = {}
  end

  function request()
    counter = counter + 1
    return wrk.format("GET", next_path(counter))
  end

  function response(status, headers, body)
    counts[status] = (counts[status] or 0) + 1
  end

  function done(summary, latency, requests)
    local total = {}
    for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("counts")) do
        total[status] = (total[status] or 0) + n
      end
    end
    for status, n in pairs(total) do
      io.write(string.format("status %d: %d\n", status, n))
    end
  end
end

return statuses
