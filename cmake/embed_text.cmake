# Writes INPUT into OUTPUT as a C++ raw string, so the default scenario ships
# inside the binary exactly as it is in configs/.
file(READ ${INPUT} content)
string(FIND "${content}" ")cp_scenario\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
# When the copy was taken (this runs whenever the file changes; SOURCE_DATE_EPOCH,
# when set, makes it reproducible), so that `run` can say how old its copy is.
string(TIMESTAMP embedded "%Y-%m-%d %H:%M UTC" UTC)
file(WRITE ${OUTPUT} "// Generated from configs/: do not edit.\n#include \"host/scenario/default_scenario.hpp\"\n\nnamespace chokepoint {\n\nconst char* default_scenario_text() {\n  return R\"cp_scenario(${content})cp_scenario\";\n}\n\nconst char* default_scenario_embedded_at() {\n  return \"${embedded}\";\n}\n\n}  // namespace chokepoint\n")
