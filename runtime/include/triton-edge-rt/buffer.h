// A 64-byte-aligned, zero-initialized byte buffer (value semantics).
#ifndef TRITON_EDGE_RT_BUFFER_H
#define TRITON_EDGE_RT_BUFFER_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <utility>

namespace te {

class Buffer {
public:
  Buffer() = default;
  explicit Buffer(size_t bytes) { allocate(bytes); }
  Buffer(const Buffer &o) { allocate(o.size_); if (size_) std::memcpy(p_, o.p_, size_); }
  Buffer(Buffer &&o) noexcept : p_(std::exchange(o.p_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  Buffer &operator=(Buffer o) noexcept { std::swap(p_, o.p_); std::swap(size_, o.size_); return *this; }
  ~Buffer() { if (p_) ::operator delete(p_, std::align_val_t(64)); }

  uint8_t *data() { return p_; }
  const uint8_t *data() const { return p_; }
  size_t size() const { return size_; }
  template <class T> T *as() { return reinterpret_cast<T *>(p_); }
  template <class T> const T *as() const { return reinterpret_cast<const T *>(p_); }

private:
  void allocate(size_t bytes) {
    size_ = bytes;
    // Always allocate at least one line so data() is never null.
    p_ = static_cast<uint8_t *>(::operator new(bytes ? bytes : 64, std::align_val_t(64)));
    std::memset(p_, 0, bytes ? bytes : 64);
  }
  uint8_t *p_ = nullptr;
  size_t size_ = 0;
};

} // namespace te

#endif
