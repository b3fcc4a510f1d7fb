-- wrk script: GET /api/videos/{key} with a random key from the file named by KEYS_FILE.
local keys = {}
for line in io.lines(os.getenv("KEYS_FILE")) do keys[#keys + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/videos/" .. keys[math.random(#keys)])
end
