/*
 * Lua 5.4 (Debian's liblua5.4.a) embedded: runs scripts that use the string
 * library (format, patterns, pack), tables and sorting, closures, coroutines,
 * metatables, integer/float arithmetic, utf8, load with an environment, the
 * io library on a file in the current directory (removed again), errors
 * through pcall/xpcall and error objects, and a C function registered by the
 * host that the script calls back. Nothing prints time or addresses.
 * Expects: exit 0, the same output every run.
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>

/* A host function: the FNV-1a hash of a string, so the script calls into C. */
static int host_fnv(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    lua_pushinteger(L, h);
    return 1;
}

static const char *const SCRIPTS[][2] = {
    {"strings", "local s = 'The quick brown fox jumps over the lazy dog'\n"
                "print(#s, s:upper(), s:sub(5, 9), s:rep(2, '|'):len())\n"
                "print(s:find('fox'), s:find('o', 20, true), s:match('(%a+) dog'))\n"
                "local words = {} for w in s:gmatch('%a+') do words[#words + 1] = w:reverse() end\n"
                "print(table.concat(words, ','))\n"
                "print(s:gsub('(%w+)', '<%1>', 3))\n"
                "print(string.format('%5.2f|%-6s|%x|%q|%g|%d', math.pi, 'ab', 255, 'a\\nb\"c', 1e100, -7))\n"
                "print(string.byte('ABC', 1, -1), string.char(72, 105))\n"
                "local p = string.pack('<i4 d s2', -2, 0.5, 'hey') print(#p, string.unpack('<i4 d s2', p))\n"
                "print(('%d items'):format(3), ('x'):rep(0) == '', tostring(nil), tostring(1/0), 7 // 2, 7 % -3, 2^10)\n"
                "print(utf8.char(72, 228, 8364, 128512), utf8.len('h\\u{e4}\\u{20ac}'), math.maxinteger, math.mininteger)\n"
                "print(math.type(1), math.type(1.0), math.type('1'), 3 | 5, 6 & 3, 1 << 62, ~0, math.tointeger(3.0))\n"
                "print(host_fnv('azalea'), host_fnv(s))\n"},
    {"tables", "local t = {} for i = 1, 1000 do t[i] = (i * 7919) % 1009 end\n"
               "table.sort(t) print(t[1], t[500], t[1000], #t)\n"
               "table.sort(t, function(a, b) return a > b end) print(t[1], t[2], t[1000])\n"
               "table.insert(t, 1, -1) table.insert(t, 99) print(#t, t[1], table.remove(t), table.remove(t, 1), #t)\n"
               "print(table.concat(table.move({1, 2, 3, 4, 5}, 2, 4, 1), '-'), select('#', table.unpack({1, nil, 3}, 1, 3)))\n"
               "local m = {} for i = 1, 200 do m['k' .. i] = i * i end m.k50 = nil\n"
               "local keys = {} for k in pairs(m) do keys[#keys + 1] = k end table.sort(keys)\n"
               "local sum = 0 for _, k in ipairs(keys) do sum = sum + m[k] end print(#keys, keys[1], keys[#keys], sum)\n"
               "local deep = {a = {b = {c = {d = 'deep'}}}} print(deep.a.b.c.d, next({}), rawlen({1, 2}), rawequal(t, t))\n"},
    {"closures", "local function counter(step) local n = 0 return function() n = n + step return n end end\n"
                 "local c1, c2 = counter(1), counter(10) c1() c1() c2() print(c1(), c2())\n"
                 "local fs = {} for i = 1, 5 do fs[i] = function() return i * i end end\n"
                 "local r = {} for i = 1, 5 do r[i] = fs[i]() end print(table.concat(r, ' '))\n"
                 "local function memo(f) local cache = {} return function(n) local v = cache[n] "
                 "if not v then v = f(n) cache[n] = v end return v end end\n"
                 "local fib fib = memo(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)\n"
                 "print(fib(90), select(2, pcall(string.rep)))\n"
                 "local function va(...) return select('#', ...), ... end print(va(1, nil, 3))\n"
                 "local acc = 0 for i = 1, 300000 do acc = (acc + i * i) % 1000003 end print(acc)\n"},
    {"coroutines", "local function gen(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i, i * i) end "
                   "return 'done' end) end\n"
                   "local g = gen(4) for _ = 1, 5 do print(g()) end\n"
                   "local co = coroutine.create(function(a, b) local c = coroutine.yield(a + b) "
                   "local d, e = coroutine.yield(c * 2) return d + e end)\n"
                   "print(coroutine.resume(co, 1, 2)) print(coroutine.status(co)) print(coroutine.resume(co, 10))\n"
                   "print(coroutine.resume(co, 3, 4)) print(coroutine.status(co), coroutine.resume(co))\n"
                   "local bad = coroutine.create(function() error('inside') end) print(coroutine.resume(bad))\n"
                   "local function producer() return coroutine.create(function() for _, w in ipairs({'a', 'b', 'c'}) do "
                   "coroutine.yield(w) end end) end\n"
                   "local function filter(p) return coroutine.create(function() while true do "
                   "local ok, w = coroutine.resume(p) if not w then return end coroutine.yield(w:upper() .. w) end end) end\n"
                   "local f = filter(producer()) local out = {} while true do local _, w = coroutine.resume(f) "
                   "if not w then break end out[#out + 1] = w end print(table.concat(out, ','))\n"
                   "print(coroutine.isyieldable(), coroutine.running() ~= nil)\n"
                   "local y = coroutine.wrap(function() local ok, v = pcall(coroutine.yield, 'from pcall') "
                   "return 'after ' .. tostring(ok) .. ' ' .. v end) print(y()) print(y('resumed'))\n"},
    {"metatables", "local V = {} V.__index = V\n"
                   "local function vec(x, y) return setmetatable({x = x, y = y}, V) end\n"
                   "V.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end\n"
                   "V.__mul = function(a, k) return vec(a.x * k, a.y * k) end\n"
                   "V.__eq = function(a, b) return a.x == b.x and a.y == b.y end\n"
                   "V.__lt = function(a, b) return a:len2() < b:len2() end\n"
                   "V.__le = function(a, b) return a:len2() <= b:len2() end\n"
                   "V.__tostring = function(a) return '(' .. a.x .. ',' .. a.y .. ')' end\n"
                   "V.__len = function(a) return 2 end\n"
                   "V.__call = function(a, k) return a[k] end\n"
                   "V.__concat = function(a, b) return tostring(a) .. '..' .. tostring(b) end\n"
                   "function V:len2() return self.x * self.x + self.y * self.y end\n"
                   "local a, b = vec(1, 2), vec(3, 4)\n"
                   "print(tostring(a + b), tostring(a * 3), a == vec(1, 2), a < b, b <= a, #a, a('y'), a .. b)\n"
                   "local log = {} local proxy = setmetatable({}, {__index = function(_, k) log[#log + 1] = 'get ' .. k "
                   "return k:upper() end, __newindex = function(t, k, v) log[#log + 1] = 'set ' .. k rawset(t, k, v * 2) end})\n"
                   "print(proxy.foo, proxy.bar) proxy.n = 21 print(proxy.n, table.concat(log, ';'))\n"
                   "local ro = setmetatable({}, {__newindex = function() error('read-only table', 2) end, __metatable = 'locked'})\n"
                   "print(pcall(function() ro.x = 1 end)) print(getmetatable(ro), pcall(setmetatable, ro, {}))\n"
                   "do local order = {} do local x <close> = setmetatable({}, {__close = function() "
                   "order[#order + 1] = 'closed' end}) order[#order + 1] = 'body' end print(table.concat(order, ' ')) end\n"
                   "local weak = setmetatable({}, {__mode = 'k'}) weak[{}] = 1 collectgarbage() collectgarbage()\n"
                   "local n = 0 for _ in pairs(weak) do n = n + 1 end print('weak entries', n)\n"
                   "local env = {print = print, x = 5} local chunk = load('x = x * 2 return x', 'chunk', 't', env)\n"
                   "print(chunk(), env.x, x, load('return +'))\n"},
    {"io", "local f = assert(io.open('lua-io.txt', 'w'))\n"
           "for i = 1, 50 do f:write(string.format('line %02d %s\\n', i, ('ab'):rep(i % 7))) end\n"
           "f:write(123, ' ', 4.5, '\\n') print(f:seek('cur'), f:seek('set', 10), f:seek('end')) f:close()\n"
           "local n, total = 0, 0 for l in io.lines('lua-io.txt') do n = n + 1 total = total + #l end print(n, total)\n"
           "local r = assert(io.open('lua-io.txt', 'r')) print(r:read('l')) print(r:read(5), r:read('n'))\n"
           "r:seek('set', 0) local all = r:read('a') print(#all, select(2, all:gsub('\\n', ''))) r:close()\n"
           "local a = assert(io.open('lua-io.txt', 'a')) a:write('appended\\n') a:close()\n"
           "local last for l in io.lines('lua-io.txt') do last = l end print(last)\n"
           "print(io.open('no-such-file.txt'))\n"
           "print(io.type(r), io.type(io.stdout), io.type(42))\n"
           "print(os.rename('lua-io.txt', 'lua-io2.txt'), os.remove('lua-io2.txt'), os.remove('lua-io2.txt'))\n"
           "io.write('io.write ', 1, ' ', 2.5, '\\n') print(os.getenv('NO_SUCH_VARIABLE_HERE'))\n"},
    {"errors", "print(pcall(error, 'plain'))\n"
               "local okt, et = pcall(error, {code = 42}) print(okt, type(et), et.code)\n"
               "local ok, e = pcall(error, setmetatable({}, {__tostring = function() return 'custom' end}))\n"
               "print(ok, tostring(e))\n"
               "print(pcall(function() local t = nil return t.x end))\n"
               "print(pcall(function() return 1 + {} end))\n"
               "print(pcall(function() error('with level', 2) end))\n"
               "print(xpcall(function() error('deep') end, function(m) return 'handled: ' .. m end))\n"
               "print(select('#', pcall(error)))\n"
               "print(pcall(string.format, '%d', 'x'))\n"
               "print(pcall(function() local a = 'x' < 1 end))\n"
               "local function thrower(n) if n == 0 then error('bottom') end return thrower(n - 1) end\n"
               "print(pcall(thrower, 100))\n"
               "print(string.format('%s', tostring(pcall(function() return math.tointeger('8') end))))\n"
               "local depth = 0 local function rec() depth = depth + 1 return 1 + rec() end\n"
               "local okso, so = pcall(rec) print(okso, so:match('stack overflow') ~= nil, depth > 1000)\n"
               "print(assert(1, 'unused'), pcall(assert, false, 'assertion message'), pcall(assert, nil))\n"},
};

int main(void)
{
    for (unsigned i = 0; i < sizeof SCRIPTS / sizeof *SCRIPTS; i++) {
        lua_State *L = luaL_newstate();
        luaL_openlibs(L);
        lua_register(L, "host_fnv", host_fnv);
        printf("== %s\n", SCRIPTS[i][0]);
        fflush(stdout);
        char name[32];
        snprintf(name, sizeof name, "=%s", SCRIPTS[i][0]);
        if (luaL_loadbuffer(L, SCRIPTS[i][1], strlen(SCRIPTS[i][1]), name) != LUA_OK ||
            lua_pcall(L, 0, 0, 0) != LUA_OK) {
            printf("script %s failed: %s\n", SCRIPTS[i][0], lua_tostring(L, -1));
            lua_close(L);
            return 1;
        }
        fflush(stdout);
        lua_close(L);
    }
    /* The host calls a Lua function with arguments and reads its results. */
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_dostring(L, "function mix(a, b) return a * b, a .. '/' .. b end") != LUA_OK)
        return 1;
    lua_getglobal(L, "mix");
    lua_pushinteger(L, 6);
    lua_pushinteger(L, 7);
    if (lua_pcall(L, 2, 2, 0) != LUA_OK)
        return 1;
    printf("host call: %lld %s\n", (long long)lua_tointeger(L, -2), lua_tostring(L, -1));
    lua_close(L);
    return 0;
}
