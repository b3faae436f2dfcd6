// Between the runner and the report writers (not installed).
#ifndef TRITON_EDGE_BENCH_INTERNAL_H
#define TRITON_EDGE_BENCH_INTERNAL_H

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace te::bench {

// The terminal tables (ladder per kernel, peers, scaling).
void print_tables(const nlohmann::json &results, std::FILE *out);
// results.json, results.csv, report.md and the SVG charts into dir (created).
void write_reports(const nlohmann::json &results, const std::string &dir);

} // namespace te::bench

#endif
