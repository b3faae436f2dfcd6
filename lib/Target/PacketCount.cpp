#include "triton-edge/Target/PacketCount.h"

#include <cctype>
#include <sstream>

using namespace mlir::triton_edge;

namespace {
std::string trimmed(const std::string &line) {
  size_t b = line.find_first_not_of(" \t");
  if (b == std::string::npos)
    return "";
  size_t e = line.find_last_not_of(" \t\r");
  return line.substr(b, e - b + 1);
}

bool startsWith(const std::string &s, const std::string &prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

/// The block number of a marker comment, or -1.
int64_t markerId(const std::string &line, const std::string &marker) {
  if (!startsWith(line, marker))
    return -1;
  std::string rest = line.substr(marker.size());
  if (rest.empty() || !std::isdigit(static_cast<unsigned char>(rest[0])))
    return -1;
  return std::stoll(rest);
}

/// A function's label: `name:` with no leading `.` (`.LBB0_3:` is a
/// machine block) on a line of its own, comments aside.
bool isFunctionLabel(const std::string &line) {
  if (line.empty() || line[0] == '.' || line[0] == '/' || line[0] == '{')
    return false;
  size_t colon = line.find(':');
  if (colon == std::string::npos || colon == 0)
    return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = line[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '$')
      return false;
  }
  std::string after = trimmed(line.substr(colon + 1));
  return after.empty() || startsWith(after, "//");
}
} // namespace

std::vector<double> PacketCount::perExecution(int64_t count) const {
  std::vector<double> result(count, -1.0);
  for (const auto &[id, b] : blocks)
    if (id >= 0 && id < count && b.copies > 0)
      result[id] = double(b.packets) / double(b.copies);
  return result;
}

PacketCount mlir::triton_edge::countPackets(const std::string &assembly) {
  PacketCount result;
  std::istringstream in(assembly);
  std::string raw;
  int64_t current = -1, packetBlock = -1;
  bool inPacket = false, onlyNops = true;
  while (std::getline(in, raw)) {
    std::string line = trimmed(raw);
    if (line.empty())
      continue;
    if (!inPacket) {
      if (int64_t id = markerId(line, "// te.block "); id >= 0) {
        current = id;
        ++result.blocks[id].copies;
        continue;
      }
      if (int64_t id = markerId(line, "// te.block.resume "); id >= 0) {
        current = id;
        continue;
      }
      if (isFunctionLabel(line)) {
        current = -1;
        continue;
      }
      if (line[0] != '{')
        continue; // directives, labels, comments
      inPacket = true;
      onlyNops = true;
      line = trimmed(line.substr(1));
      ++result.packets;
      packetBlock = current;
      if (current >= 0)
        ++result.blocks[current].packets;
      else
        ++result.unattributed;
    }
    // Inside a packet: instructions, one per line, up to the closing brace
    // (which may carry `:endloop0`). A one-line packet has both braces.
    size_t close = line.find('}');
    std::string body = trimmed(line.substr(0, close));
    if (!body.empty() && !startsWith(body, "//")) {
      std::istringstream parts(body); // `nop; nop` on one line
      std::string part;
      while (std::getline(parts, part, ';'))
        if (trimmed(part) != "nop")
          onlyNops = false;
    }
    if (close != std::string::npos) {
      inPacket = false;
      if (onlyNops) {
        ++result.nopPackets;
        if (packetBlock >= 0)
          ++result.blocks[packetBlock].nopPackets;
      }
    }
  }
  return result;
}
