// A zero-initialized byte buffer aligned to 64 bytes or more (value semantics).
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
  explicit Buffer(size_t bytes) { allocate(bytes, 64); }
  // `alignment`: a power of two >= 64. Page alignment (4096) puts every such
  // buffer at the same page offset, which keeps a kernel's loads and stores
  // from 4K aliasing (docs/benchmarking.md, "Buffer placement").
  Buffer(size_t bytes, size_t alignment) { allocate(bytes, alignment); }
  Buffer(const Buffer &o) { allocate(o.size_, o.align_); if (size_) std::memcpy(p_, o.p_, size_); }
  Buffer(Buffer &&o) noexcept
      : p_(std::exchange(o.p_, nullptr)), size_(std::exchange(o.size_, 0)), align_(o.align_) {}
  Buffer &operator=(Buffer o) noexcept {
    std::swap(p_, o.p_);
    std::swap(size_, o.size_);
    std::swap(align_, o.align_);
    return *this;
  }
  ~Buffer() { if (p_) ::operator delete(p_, std::align_val_t(align_)); }
  // A copy of `o` at `alignment`.
  static Buffer copy_aligned(const Buffer &o, size_t alignment) {
    Buffer b(o.size_, alignment);
    if (o.size_) std::memcpy(b.p_, o.p_, o.size_);
    return b;
  }

  uint8_t *data() { return p_; }
  const uint8_t *data() const { return p_; }
  size_t size() const { return size_; }
  size_t alignment() const { return align_; }
  template <class T> T *as() { return reinterpret_cast<T *>(p_); }
  template <class T> const T *as() const { return reinterpret_cast<const T *>(p_); }

private:
  void allocate(size_t bytes, size_t alignment) {
    size_ = bytes;
    align_ = alignment < 64 ? 64 : alignment;
    // Always allocate at least one line so data() is never null.
    p_ = static_cast<uint8_t *>(::operator new(bytes ? bytes : 64, std::align_val_t(align_)));
    std::memset(p_, 0, bytes ? bytes : 64);
  }
  uint8_t *p_ = nullptr;
  size_t size_ = 0;
  size_t align_ = 64;
};

} // namespace te

#endif
