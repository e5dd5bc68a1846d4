# cmake -DOUT=FILE -DSOURCES="a;b;..." -P parser_digest.cmake
# Writes FILE, a header defining BULWARK_PARSER_DIGEST: the SHA-256 of the policy parser's
# sources, which keys the parse cache (engine/src/policy/parse_cache.h). Rewritten only when it
# changes, so that an unchanged parser does not rebuild what includes it.
set(all "")
foreach(f IN LISTS SOURCES)
  file(SHA256 "${f}" h)
  string(APPEND all "${h}\n")
endforeach()
string(SHA256 digest "${all}")
set(text "#define BULWARK_PARSER_DIGEST \"${digest}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
