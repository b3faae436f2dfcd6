// The SystemC/TLM-2.0 virtual platform: contexts (SC_THREADs replaying
// their traces), DMA engines (SC_THREADs serving in-order queues) and one
// DDR target whose bandwidth every engine and every direct access shares.
#include "triton-edge-model/platform.h"

#include "triton-edge-rt/dtype.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <sys/wait.h>
#include <unistd.h>

using namespace sc_core;

// libsystemc.so references sc_main (its own main() calls it); we drive the
// kernel with sc_start from simulate() instead, so this is never reached.
int sc_main(int, char **) { return 2; }

namespace te::npu {
namespace {

constexpr size_t kMaxSpans = 200000;

sc_time ns(double v) { return sc_time(std::max(0.0, v), SC_NS); }

// Shared DDR: a bandwidth server. A request occupies the bus for
// bytes / bandwidth from when it arrives or the bus frees up, whichever is
// later; requests interleave at the granule the initiators use.
struct Ddr : sc_module {
  tlm_utils::multi_passthrough_target_socket<Ddr> socket;
  double ns_per_byte;
  sc_time next_free = SC_ZERO_TIME;
  double busy_ns = 0;
  int64_t bytes = 0;

  Ddr(sc_module_name n, double gbs) : sc_module(n), socket("socket"), ns_per_byte(1.0 / gbs) {
    socket.register_b_transport(this, &Ddr::b_transport);
  }
  void b_transport(int, tlm::tlm_generic_payload &gp, sc_time &delay) {
    sc_time arrive = sc_time_stamp() + delay;
    sc_time start = std::max(arrive, next_free);
    double d = gp.get_data_length() * ns_per_byte;
    next_free = start + ns(d);
    busy_ns += d;
    bytes += gp.get_data_length();
    delay = next_free - sc_time_stamp();
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

// Issues `n` bytes to DDR through `socket` (blocking, one granule at a time).
template <typename Socket> sc_time ddr_access(Socket &socket, int64_t n, bool write) {
  static unsigned char dummy[8];
  tlm::tlm_generic_payload gp;
  gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  gp.set_data_ptr(dummy);
  gp.set_data_length(static_cast<unsigned>(n));
  gp.set_streaming_width(static_cast<unsigned>(n));
  sc_time delay = SC_ZERO_TIME;
  socket->b_transport(gp, delay);
  return delay;
}

struct Request {
  int64_t bytes;
  int track;
  bool done = false;
};

struct Engine : sc_module {
  tlm_utils::simple_initiator_socket<Engine> socket;
  const Profile &p;
  int index;
  std::deque<Request *> queue;
  sc_event requested, completed;
  double busy_ns = 0;
  int64_t transfers = 0, bytes = 0;
  std::vector<Span> *spans;

  Engine(sc_module_name n, const Profile &prof, int i, std::vector<Span> *s)
      : sc_module(n), socket("socket"), p(prof), index(i), spans(s) {
    SC_HAS_PROCESS(Engine);
    SC_THREAD(run);
  }
  void run() {
    for (;;) {
      while (queue.empty()) wait(requested);
      Request *r = queue.front();
      queue.pop_front();
      sc_time t0 = sc_time_stamp();
      wait(ns(p.dma_setup_ns));
      for (int64_t left = r->bytes; left > 0;) {
        int64_t chunk = std::min(left, p.dma_chunk_bytes);
        sc_time d = ddr_access(socket, chunk, false);
        wait(std::max(d, ns(chunk / p.dma_bandwidth_gbs)));
        left -= chunk;
      }
      double dur = (sc_time_stamp() - t0).to_seconds() * 1e9;
      busy_ns += dur;
      transfers++;
      bytes += r->bytes;
      if (spans && spans->size() < kMaxSpans)
        spans->push_back({r->track, 2, t0.to_seconds() * 1e9, sc_time_stamp().to_seconds() * 1e9,
                          r->bytes});
      r->done = true;
      completed.notify();
    }
  }
};

struct Context : sc_module {
  tlm_utils::simple_initiator_socket<Context> socket;
  const Profile &p;
  const std::vector<ModelEvent> &events;
  Engine *engine = nullptr;
  int index;
  double start_ns;
  double busy_ns = 0, wait_ns = 0, finish_ns = 0;
  std::vector<std::unique_ptr<Request>> requests; // by token order
  int64_t first_token = 0;
  std::vector<Span> *spans;

  Context(sc_module_name n, const Profile &prof, const std::vector<ModelEvent> &ev, int i,
          double start, std::vector<Span> *s)
      : sc_module(n), socket("socket"), p(prof), events(ev), index(i), start_ns(start), spans(s) {
    SC_HAS_PROCESS(Context);
    SC_THREAD(run);
  }

  void span(int what, sc_time t0, int64_t bytes = 0) {
    if (spans && spans->size() < kMaxSpans && sc_time_stamp() > t0)
      spans->push_back({index, what, t0.to_seconds() * 1e9, sc_time_stamp().to_seconds() * 1e9,
                        bytes});
  }

  // A compute segment: its counted compute plus the exposed latency of its
  // direct loads, overlapped with its direct DDR traffic, which is issued
  // in granules spread over the segment (so contexts share DDR fairly).
  void compute(const ModelEvent &e) {
    sc_time t0 = sc_time_stamp();
    double tc = e.mcycles / 1000.0 / p.clock_ghz +
                e.scalar_loads * p.ddr_latency_ns / p.scalar_mlp +
                e.vector_loads * p.ddr_latency_ns / p.vector_mlp;
    int64_t bytes = e.load_bytes + e.store_bytes * (p.store_allocate ? 2 : 1);
    if (bytes <= 0) {
      wait(ns(tc));
    } else {
      int64_t n = (bytes + p.dma_chunk_bytes - 1) / p.dma_chunk_bytes;
      for (int64_t k = 0; k < n; ++k) {
        int64_t chunk = std::min(p.dma_chunk_bytes, bytes - k * p.dma_chunk_bytes);
        wait(ddr_access(socket, chunk, false));
        sc_time target = t0 + ns(tc * double(k + 1) / double(n));
        if (sc_time_stamp() < target) wait(target - sc_time_stamp());
      }
    }
    busy_ns += (sc_time_stamp() - t0).to_seconds() * 1e9;
    span(0, t0, bytes);
  }

  void run() {
    if (start_ns > 0) wait(ns(start_ns));
    for (const ModelEvent &e : events) {
      if (e.kind == ModelEvent::Compute) {
        compute(e);
      } else if (e.kind == ModelEvent::DmaStart) {
        if (requests.empty()) first_token = e.token;
        requests.push_back(std::make_unique<Request>(Request{e.load_bytes, 0}));
        Request *r = requests.back().get();
        r->track = p.contexts + engine->index; // the engine's track in the trace
        engine->queue.push_back(r);
        engine->requested.notify();
      } else { // DmaWait: this token and every earlier one
        sc_time t0 = sc_time_stamp();
        int64_t last = std::min<int64_t>(e.token - first_token, int64_t(requests.size()) - 1);
        for (int64_t i = 0; i <= last; ++i)
          while (!requests[i]->done) wait(engine->completed);
        wait_ns += (sc_time_stamp() - t0).to_seconds() * 1e9;
        span(1, t0);
      }
    }
    finish_ns = sc_time_stamp().to_seconds() * 1e9;
  }
};

SimResult run_platform(const Profile &p, const ModelTrace &trace, bool keep_spans) {
  SimResult r;
  int k = static_cast<int>(trace.contexts.size());
  r.contexts = k;
  std::vector<Span> spans;
  std::vector<Span> *sp = keep_spans ? &spans : nullptr;
  // Transfers on the profile's engines (context c uses engine c mod E); a
  // profile without engines still runs staged code, on one engine.
  int ne = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(p.dma_engines, k)));
  r.engines = ne;
  Profile prof = p;
  prof.contexts = k;
  Ddr ddr("ddr", p.ddr_bandwidth_gbs);
  std::vector<std::unique_ptr<Engine>> engines;
  for (int e = 0; e < ne; ++e) {
    engines.push_back(std::make_unique<Engine>(("dma" + std::to_string(e)).c_str(), prof, e, sp));
    engines.back()->socket.bind(ddr.socket);
  }
  std::vector<std::unique_ptr<Context>> ctxs;
  double start = k > 1 ? p.mt_launch_ns : 0.0;
  for (int c = 0; c < k; ++c) {
    ctxs.push_back(std::make_unique<Context>(("ctx" + std::to_string(c)).c_str(), prof,
                                             trace.contexts[c], c, start, sp));
    ctxs.back()->engine = engines[c % ne].get();
    ctxs.back()->socket.bind(ddr.socket);
  }
  sc_start();
  for (auto &c : ctxs) {
    r.total_ns = std::max(r.total_ns, c->finish_ns);
    r.context_busy_ns.push_back(c->busy_ns);
    r.context_wait_ns.push_back(c->wait_ns);
  }
  for (auto &e : engines) {
    r.engine_busy_ns.push_back(e->busy_ns);
    r.dma_transfers += e->transfers;
    r.dma_bytes += e->bytes;
  }
  r.ddr_busy_ns = ddr.busy_ns;
  r.ddr_bytes = ddr.bytes;
  r.spans = std::move(spans);
  return r;
}

// ---- result transport from the child process ----

void put(std::string &out, const void *p, size_t n) { out.append(static_cast<const char *>(p), n); }
template <typename T> void put(std::string &out, const T &v) { put(out, &v, sizeof(T)); }
template <typename T> void put_vec(std::string &out, const std::vector<T> &v) {
  put(out, static_cast<uint64_t>(v.size()));
  if (!v.empty()) put(out, v.data(), v.size() * sizeof(T));
}

struct In {
  const std::string &s;
  size_t pos = 0;
  void get(void *p, size_t n) {
    if (pos + n > s.size()) throw Error("timing model: truncated result from the simulator");
    std::memcpy(p, s.data() + pos, n);
    pos += n;
  }
  template <typename T> T get() { T v; get(&v, sizeof(T)); return v; }
  template <typename T> std::vector<T> vec() {
    std::vector<T> v(get<uint64_t>());
    if (!v.empty()) get(v.data(), v.size() * sizeof(T));
    return v;
  }
};

std::string encode(const SimResult &r) {
  std::string out;
  put(out, r.total_ns);
  put(out, r.contexts);
  put(out, r.engines);
  put_vec(out, r.context_busy_ns);
  put_vec(out, r.context_wait_ns);
  put_vec(out, r.engine_busy_ns);
  put(out, r.ddr_busy_ns);
  put(out, r.ddr_bytes);
  put(out, r.dma_bytes);
  put(out, r.dma_transfers);
  put_vec(out, r.spans);
  return out;
}

SimResult decode(const std::string &s) {
  In in{s};
  SimResult r;
  r.total_ns = in.get<double>();
  r.contexts = in.get<int>();
  r.engines = in.get<int>();
  r.context_busy_ns = in.vec<double>();
  r.context_wait_ns = in.vec<double>();
  r.engine_busy_ns = in.vec<double>();
  r.ddr_busy_ns = in.get<double>();
  r.ddr_bytes = in.get<int64_t>();
  r.dma_bytes = in.get<int64_t>();
  r.dma_transfers = in.get<int64_t>();
  r.spans = in.vec<Span>();
  return r;
}

} // namespace

SimResult simulate(const Profile &p, const ModelTrace &trace, bool keep_spans) {
  if (trace.contexts.empty()) return SimResult();
  int fds[2];
  if (pipe(fds) != 0) throw Error("timing model: cannot create a pipe");
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) throw Error("timing model: cannot fork the simulator");
  if (pid == 0) {
    // Child: elaborate and run once, send the result, leave without running
    // the parent's exit handlers (its thread pool is not ours).
    close(fds[0]);
    setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 1);
    int rc = 0;
    std::string out;
    try {
      out = encode(run_platform(p, trace, keep_spans));
    } catch (const std::exception &e) {
      std::fprintf(stderr, "timing model: %s\n", e.what());
      rc = 3;
    }
    size_t off = 0;
    while (off < out.size()) {
      ssize_t w = write(fds[1], out.data() + off, out.size() - off);
      if (w <= 0) { rc = 4; break; }
      off += static_cast<size_t>(w);
    }
    close(fds[1]);
    _exit(rc);
  }
  close(fds[1]);
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw Error("timing model: the SystemC simulation failed");
  return decode(data);
}

} // namespace te::npu
