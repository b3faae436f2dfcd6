# Writes OUTPUT: one `{"name", R"(json text)"},` line per targets/*.json so the
# profiles are compiled into the binaries (no data path at run time).
# Usage: cmake -DOUTPUT=file -DSOURCES="a.json|b.json" -P EmbedTargets.cmake
set(content "// Generated from targets/*.json by cmake/EmbedTargets.cmake. Do not edit.\n")
string(REPLACE "|" ";" SOURCES "${SOURCES}")
foreach(f ${SOURCES})
  get_filename_component(name "${f}" NAME_WE)
  file(READ "${f}" text)
  string(FIND "${text}" ")te-json\"" bad)
  if(NOT bad EQUAL -1)
    message(FATAL_ERROR "${f}: contains the embedding delimiter )te-json\"")
  endif()
  string(APPEND content "{\"${name}\", R\"te-json(${text})te-json\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
