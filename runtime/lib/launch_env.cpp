// The environment variables that steer launches, read once instead of by
// every launch (getenv scans the whole environment; launches from PyTorch
// come by the thousand per second).
#include "internal.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

namespace te {
namespace detail {

namespace {

void read_pin(LaunchEnv &e) {
  const char *v = std::getenv("TRITON_EDGE_PIN");
  if (!v || !*v) return;
  e.pin_set = true;
  if (std::strcmp(v, "on") == 0)
    e.pin = true;
  else if (std::strcmp(v, "off") != 0)
    e.pin_error = std::string("TRITON_EDGE_PIN='") + v + "': expected on or off";
}

void read_stream(LaunchEnv &e) {
  const char *v = std::getenv("TRITON_EDGE_STREAM_STORES");
  if (!v || !*v || std::strcmp(v, "auto") == 0) return;
  if (std::strcmp(v, "on") == 0)
    e.stream = StreamStores::On;
  else if (std::strcmp(v, "off") == 0)
    e.stream = StreamStores::Off;
  else
    e.stream_error = std::string("TRITON_EDGE_STREAM_STORES='") + v + "': expected on, off or auto";
}

void read_pool(LaunchEnv &e) {
  const char *v = std::getenv("TRITON_EDGE_POOL");
  if (!v || !*v) return;
  e.pool_set = true;
  if (!parse_pool_choice(v, e.pool))
    e.pool_error = std::string("TRITON_EDGE_POOL='") + v + "': expected auto, own or openmp";
}

std::unique_ptr<LaunchEnv> read_env() {
  auto e = std::make_unique<LaunchEnv>();
  read_pin(*e);
  read_stream(*e);
  read_pool(*e);
  return e;
}

std::mutex g_env_mu;
// Every LaunchEnv ever read: a launch on another thread may still hold the
// one a reread replaces (rereads are rare: tests, tools). Leaked on purpose,
// like ThreadPool::global(): static destructors of other libraries may
// still launch.
std::vector<std::unique_ptr<LaunchEnv>> &envs() {
  static auto *v = new std::vector<std::unique_ptr<LaunchEnv>>();
  return *v;
}
std::atomic<const LaunchEnv *> g_env{nullptr};

} // namespace

const LaunchEnv &launch_env() {
  if (const LaunchEnv *e = g_env.load(std::memory_order_acquire)) return *e;
  std::lock_guard<std::mutex> lk(g_env_mu);
  if (const LaunchEnv *e = g_env.load(std::memory_order_acquire)) return *e;
  envs().push_back(read_env());
  g_env.store(envs().back().get(), std::memory_order_release);
  return *envs().back();
}

} // namespace detail

void reread_launch_environment() {
  std::lock_guard<std::mutex> lk(detail::g_env_mu);
  detail::envs().push_back(detail::read_env());
  detail::g_env.store(detail::envs().back().get(), std::memory_order_release);
}

bool pin_env(bool fallback, std::string *error) {
  const detail::LaunchEnv &e = detail::launch_env();
  if (!e.pin_set) return fallback;
  if (!e.pin_error.empty()) {
    if (error) *error = e.pin_error;
    return fallback;
  }
  return e.pin;
}

StreamStores stream_stores_env(std::string *error) {
  const detail::LaunchEnv &e = detail::launch_env();
  if (!e.stream_error.empty() && error) *error = e.stream_error;
  return e.stream;
}

} // namespace te
