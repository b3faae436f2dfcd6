#ifndef TRITON_EDGE_TOOLS_REFERENCE_H
#define TRITON_EDGE_TOOLS_REFERENCE_H

#include "triton-edge-rt/case.h"

#include <map>
#include <string>

namespace te {

/// The project's own reference implementations, for cases shipped without an
/// oracle (paper-sized and dynamic-shape kernels at other sizes). Computed in
/// double precision from the case's inputs, independently of the compiler.
/// Returns the expected storage of every tensor argument, or an empty map when
/// there is no reference for this case (`family` then says why).
std::map<int, NpyArray> reference_outputs(const Case &c, std::string &family);

} // namespace te

#endif
