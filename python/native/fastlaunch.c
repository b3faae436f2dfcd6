/* triton_edge._fastlaunch: the driver's launch fast path in C.
 *
 * TritonEdgeLauncher (python/triton_edge/backend/driver.py) derives from
 * Launcher when this module is built. Triton and Inductor call the launcher
 * object itself, so a launch whose arguments the kernel's LaunchPlan would
 * accept runs here with no Python frame: the checks of LaunchPlan.launch
 * (python/triton_edge/launch_plan.py), in the same order and with the same
 * outcomes, then te_rt_launch_request_c on arrays this object owns, and
 * launch_stats() kept as the Python path keeps it. Anything else (a hook to
 * call, a capture, an argument the plan would decline, this object's arrays
 * in use by another thread) calls the launcher's Python `_call_python` with the same
 * arguments, which accepts it or raises its error: this module changes what
 * a launch costs, never what it accepts.
 *
 * Limited C API (3.9): one abi3 file serves every CPython the package
 * supports. It does not link the runtime: the launch entry's address comes
 * from the runtime library ctypes loaded.
 */
#define Py_LIMITED_API 0x03090000
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "triton-edge-rt/c_api.h"

typedef int32_t (*request_fn)(te_rt_launch_request *);

/* Py_NewRef, which the 3.9 limited API lacks. */
static PyObject *new_ref(PyObject *o) {
  Py_INCREF(o);
  return o;
}

/* Int scalars of one kernel: at most this many (the extent check keeps them). */
#define MAX_INTS 64

enum { ARG_POINTER, ARG_INT, ARG_FLOAT };

typedef struct {
  int kind;
  Py_ssize_t src;   /* index in the launch's kernel arguments (*args) */
  PyObject *dtypes; /* pointer: frozenset of accepted torch dtypes */
  long long esize, align;
  int width;        /* scalar: bytes stored (int 1/2/4/8, float 4/8) */
  long long lo, hi, div;
} ArgSpec;

typedef union {
  int8_t i8;
  int16_t i16;
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
} Scalar;

typedef struct {
  int32_t index;
  int64_t hi;
} Limit;

typedef struct {
  PyObject_HEAD
  int armed, busy;
  PyObject *kernel;     /* the runtime.Kernel the plan launches (identity) */
  PyObject *name;       /* its name, for LaunchError */
  PyObject *stats_key;  /* the launcher's name, its key in launch_stats() */
  PyObject *tensor;     /* torch.Tensor and torch.nn.Parameter: the */
  PyObject *parameter;  /* tensor types taken (exact types) */
  PyObject *extents;    /* callable(gx, gy, gz, ints) -> [(index, hi)], or NULL */
  int32_t threads_default;
  Py_ssize_t nargs;     /* arguments of the @triton.jit function */
  int nk;               /* kernel arguments */
  ArgSpec *spec;        /* [nk] */
  void **args;          /* [nk] */
  int64_t *numel;       /* [nk] */
  Scalar *store;        /* [nk] */
  int64_t *ival;        /* [nk] int scalars' values, for the extent check */
  int32_t grid[3];
  request_fn entry;
  te_rt_launch_request req;
  char error[1024];
  /* The last extent check: its grid and int scalars, and its limits. */
  int have_limits, nints, nlimits;
  int32_t limit_grid[3];
  int64_t *limit_ints;  /* [nk] */
  Limit *limits;        /* [nk] at most one per pointer argument */
} Launcher;

/* Module state, set by _te_setup (plain globals: the module has one instance). */
static PyObject *g_state_module;  /* triton_edge._state */
static PyObject *g_capture_module; /* triton_edge.capture */
static PyObject *g_hook_chain;    /* triton.knobs.HookChain, or None */
static PyObject *g_launch_error;  /* runtime.LaunchError */
static PyObject *s_dtype, *s_is_cpu, *s_is_neg, *s_data_ptr, *s_numel, *s_untyped_storage,
    *s_nbytes, *s_calls, *s_stats, *s_threads_override, *s_active, *s_call_python, *s_auto;
static int64_t g_launches;

static void clear_plan(Launcher *self) {
  if (self->spec) {
    for (int i = 0; i < self->nk; ++i) Py_XDECREF(self->spec[i].dtypes);
  }
  PyMem_Free(self->spec);
  PyMem_Free(self->args);
  PyMem_Free(self->numel);
  PyMem_Free(self->store);
  PyMem_Free(self->ival);
  PyMem_Free(self->limit_ints);
  PyMem_Free(self->limits);
  self->spec = NULL;
  self->args = NULL;
  self->numel = NULL;
  self->store = NULL;
  self->ival = NULL;
  self->limit_ints = NULL;
  self->limits = NULL;
  Py_CLEAR(self->kernel);
  Py_CLEAR(self->name);
  Py_CLEAR(self->stats_key);
  Py_CLEAR(self->tensor);
  Py_CLEAR(self->parameter);
  Py_CLEAR(self->extents);
  self->armed = 0;
  self->have_limits = 0;
  self->nk = 0;
}

static void launcher_dealloc(PyObject *op) {
  PyTypeObject *tp = Py_TYPE(op);
  clear_plan((Launcher *)op);
  freefunc tp_free = (freefunc)PyType_GetSlot(tp, Py_tp_free);
  tp_free(op);
  Py_DECREF(tp);
}

/* int64 of a Python int, 0 with *ok = 0 when it is none or does not fit. */
static int64_t as_i64(PyObject *o, int *ok) {
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
  if (overflow || (v == -1 && PyErr_Occurred())) {
    PyErr_Clear();
    *ok = 0;
    return 0;
  }
  return (int64_t)v;
}

/* _te_arm(kernel, name, stats_key, tensor_type, parameter_type, fn, info, entry, dma, threads, nargs,
 *         pointers, ints, floats, extents)
 * pointers: [(kernel arg, src, dtypes, esize, align)]; ints: [(kernel arg,
 * src, width, lo, hi, div)]; floats: [(kernel arg, src, width)]; extents:
 * None or the callable of the plan's extent check. */
static PyObject *launcher_arm(PyObject *op, PyObject *a) {
  Launcher *self = (Launcher *)op;
  PyObject *kernel, *name, *stats_key, *tensor, *parameter, *pointers, *ints, *floats, *extents;
  unsigned long long fn, info, entry;
  int dma, threads, nk;
  Py_ssize_t nargs;
  if (self->busy) {
    PyErr_SetString(PyExc_RuntimeError, "_te_arm during a launch");
    return NULL;
  }
  if (!PyArg_ParseTuple(a, "OOOOOKKKiinOOOO", &kernel, &name, &stats_key, &tensor, &parameter, &fn, &info, &entry, &dma,
                        &threads, &nargs, &pointers, &ints, &floats, &extents))
    return NULL;
  if (!PyList_Check(pointers) || !PyList_Check(ints) || !PyList_Check(floats)) {
    PyErr_SetString(PyExc_TypeError, "_te_arm: pointers, ints and floats must be lists");
    return NULL;
  }
  if (PyList_Size(ints) > MAX_INTS) {
    PyErr_Format(PyExc_ValueError, "_te_arm: more than %d int arguments", MAX_INTS);
    return NULL;
  }
  clear_plan(self);
  nk = (int)(PyList_Size(pointers) + PyList_Size(ints) + PyList_Size(floats));
  size_t n = nk > 0 ? (size_t)nk : 1;
  self->spec = PyMem_Calloc(n, sizeof(ArgSpec));
  self->args = PyMem_Calloc(n, sizeof(void *));
  self->numel = PyMem_Calloc(n, sizeof(int64_t));
  self->store = PyMem_Calloc(n, sizeof(Scalar));
  self->ival = PyMem_Calloc(n, sizeof(int64_t));
  self->limit_ints = PyMem_Calloc(n, sizeof(int64_t));
  self->limits = PyMem_Calloc(n, sizeof(Limit));
  if (!self->spec || !self->args || !self->numel || !self->store || !self->ival || !self->limit_ints ||
      !self->limits) {
    clear_plan(self);
    return PyErr_NoMemory();
  }
  self->nk = nk;
  PyObject *lists[3] = {pointers, ints, floats};
  for (int l = 0; l < 3; ++l) {
    for (Py_ssize_t j = 0; j < PyList_Size(lists[l]); ++j) {
      PyObject *t = PyList_GetItem(lists[l], j);
      int k;
      Py_ssize_t src;
      ArgSpec s;
      memset(&s, 0, sizeof(s));
      int ok;
      if (l == 0) {
        s.kind = ARG_POINTER;
        ok = PyArg_ParseTuple(t, "inOLL", &k, &src, &s.dtypes, &s.esize, &s.align);
      } else if (l == 1) {
        s.kind = ARG_INT;
        ok = PyArg_ParseTuple(t, "iniLLL", &k, &src, &s.width, &s.lo, &s.hi, &s.div);
      } else {
        s.kind = ARG_FLOAT;
        ok = PyArg_ParseTuple(t, "ini", &k, &src, &s.width);
      }
      if (!ok || k < 0 || k >= nk || src < 0 || src >= nargs || self->spec[k].kind ||
          self->spec[k].dtypes || (l == 0 && (!PyFrozenSet_Check(s.dtypes) || s.esize <= 0 ||
                                              s.align <= 0)) ||
          (l == 1 && ((s.width != 1 && s.width != 2 && s.width != 4 && s.width != 8) ||
                      s.div <= 0 || s.lo > s.hi)) ||
          (l == 2 && s.width != 4 && s.width != 8)) {
        if (!PyErr_Occurred())
          PyErr_Format(PyExc_ValueError, "_te_arm: bad argument spec %zd of list %d", j, l);
        clear_plan(self);
        return NULL;
      }
      s.src = src;
      Py_XINCREF(s.dtypes);
      self->spec[k] = s;
      if (l != 0) self->args[k] = &self->store[k];
    }
  }
  self->kernel = new_ref(kernel);
  self->name = new_ref(name);
  self->stats_key = new_ref(stats_key);
  self->tensor = new_ref(tensor);
  self->parameter = new_ref(parameter);
  self->extents = extents == Py_None ? NULL : new_ref(extents);
  self->nargs = nargs;
  self->threads_default = threads;
  self->entry = (request_fn)(uintptr_t)entry;
  memset(&self->req, 0, sizeof(self->req));
  self->req.fn = (te_programs_fn)(uintptr_t)fn;
  self->req.info = (const te_kernel_info *)(uintptr_t)info;
  self->req.args = self->args;
  self->req.numel = self->numel;
  self->req.grid = self->grid;
  self->req.dma = dma;
  self->req.error = self->error;
  self->req.error_size = (int64_t)sizeof(self->error);
  self->armed = 1;
  Py_RETURN_NONE;
}

static PyObject *launcher_disarm(PyObject *op, PyObject *unused) {
  (void)unused;
  Launcher *self = (Launcher *)op;
  if (self->busy) {
    PyErr_SetString(PyExc_RuntimeError, "_te_disarm during a launch");
    return NULL;
  }
  clear_plan(self);
  Py_RETURN_NONE;
}

/* A method call with no arguments: a new reference, NULL with the error cleared. */
static PyObject *call0(PyObject *o, PyObject *name) {
  PyObject *r = PyObject_CallMethodObjArgs(o, name, NULL);
  if (!r) PyErr_Clear();
  return r;
}

static int int_attr(PyObject *o, PyObject *name, int64_t *out) {
  PyObject *r = call0(o, name);
  if (!r) return 0;
  int ok = PyLong_CheckExact(r);
  if (ok) *out = as_i64(r, &ok);
  Py_DECREF(r);
  return ok;
}

/* LaunchPlan.launch's checks of one tensor; writes args/numel. 0: decline. */
static int take_tensor(Launcher *self, int k, PyObject *v) {
  const ArgSpec *s = &self->spec[k];
  PyObject *type = (PyObject *)Py_TYPE(v);
  if (type != self->tensor && type != self->parameter) return 0;
  PyObject *dt = PyObject_GetAttr(v, s_dtype);
  if (!dt) {
    PyErr_Clear();
    return 0;
  }
  int in = PySet_Contains(s->dtypes, dt);
  Py_DECREF(dt);
  if (in != 1) {
    PyErr_Clear();
    return 0;
  }
  PyObject *cpu = PyObject_GetAttr(v, s_is_cpu);
  if (!cpu) {
    PyErr_Clear();
    return 0;
  }
  Py_DECREF(cpu);
  if (cpu != Py_True) return 0;
  PyObject *neg = call0(v, s_is_neg);
  if (!neg) return 0;
  Py_DECREF(neg);
  if (neg != Py_False) return 0;
  int64_t p, n;
  if (!int_attr(v, s_data_ptr, &p) || !int_attr(v, s_numel, &n)) return 0;
  int64_t extent = 0;
  if (n) {
    PyObject *st = call0(v, s_untyped_storage);
    if (!st) return 0;
    int64_t sp, sb;
    int ok = int_attr(st, s_data_ptr, &sp) && int_attr(st, s_nbytes, &sb);
    Py_DECREF(st);
    if (!ok) return 0;
    if (p % s->align) return 0;
    /* (storage end - p) // esize, clamped at 0 like the Python plan. */
    int64_t bytes = (int64_t)((uint64_t)sp + (uint64_t)sb - (uint64_t)p);
    extent = bytes > 0 ? bytes / s->esize : 0;
  }
  self->numel[k] = extent;
  self->args[k] = (void *)(uintptr_t)p;
  return 1;
}

static int take_int(Launcher *self, int k, PyObject *v) {
  const ArgSpec *s = &self->spec[k];
  if (!PyLong_CheckExact(v)) return 0;
  int ok = 1;
  int64_t x = as_i64(v, &ok);
  if (!ok || x < s->lo || x > s->hi || x % s->div) return 0;
  self->ival[k] = x;
  Scalar *d = &self->store[k];
  switch (s->width) {
  case 1: d->i8 = (int8_t)x; break;
  case 2: d->i16 = (int16_t)x; break;
  case 4: d->i32 = (int32_t)x; break;
  default: d->i64 = x; break;
  }
  return 1;
}

static int take_float(Launcher *self, int k, PyObject *v) {
  double x;
  if (PyFloat_CheckExact(v)) {
    x = PyFloat_AsDouble(v);
  } else if (PyLong_CheckExact(v)) {
    x = PyLong_AsDouble(v); /* OverflowError (ctypes' too): decline */
    if (x == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      return 0;
    }
  } else {
    return 0;
  }
  if (self->spec[k].width == 4)
    self->store[k].f32 = (float)x;
  else
    self->store[k].f64 = x;
  return 1;
}

/* Whether the tensors hold what the unmasked accesses reach (the plan's
 * _extents_fit); the limits of the last grid and int scalars are kept. -1: error. */
static int extents_fit(Launcher *self) {
  int64_t vals[MAX_INTS];
  int nints = 0;
  for (int k = 0; k < self->nk; ++k)
    if (self->spec[k].kind == ARG_INT) vals[nints++] = self->ival[k];
  if (!self->have_limits || self->nints != nints ||
      memcmp(self->limit_grid, self->grid, sizeof(self->grid)) != 0 ||
      memcmp(self->limit_ints, vals, sizeof(int64_t) * (size_t)nints) != 0) {
    self->have_limits = 0;
    PyObject *tuple = PyTuple_New(nints);
    if (!tuple) return -1;
    for (int j = 0; j < nints; ++j) {
      PyObject *x = PyLong_FromLongLong(vals[j]);
      if (!x || PyTuple_SetItem(tuple, j, x) < 0) {
        Py_DECREF(tuple);
        return -1;
      }
    }
    PyObject *lim = PyObject_CallFunction(self->extents, "iiiO", self->grid[0], self->grid[1],
                                          self->grid[2], tuple);
    Py_DECREF(tuple);
    if (!lim) return -1;
    PyObject *seq = PySequence_Tuple(lim);
    Py_DECREF(lim);
    if (!seq) return -1;
    Py_ssize_t nl = PyTuple_Size(seq);
    int fits = nl <= self->nk;
    self->nlimits = 0;
    for (Py_ssize_t i = 0; fits && i < nl; ++i) {
      int idx;
      long long hi;
      if (!PyArg_ParseTuple(PyTuple_GetItem(seq, i), "iL", &idx, &hi) || idx < 0 ||
          idx >= self->nk) {
        PyErr_Clear();
        fits = 0; /* e.g. a bound beyond int64: no tensor holds it */
        break;
      }
      self->limits[self->nlimits].index = idx;
      self->limits[self->nlimits].hi = hi;
      ++self->nlimits;
    }
    Py_DECREF(seq);
    if (!fits) return 0;
    memcpy(self->limit_grid, self->grid, sizeof(self->grid));
    memcpy(self->limit_ints, vals, sizeof(int64_t) * (size_t)nints);
    self->nints = nints;
    self->have_limits = 1;
  }
  for (int i = 0; i < self->nlimits; ++i)
    if (self->limits[i].hi >= self->numel[self->limits[i].index]) return 0;
  return 1;
}

static int grid_value(PyObject *o, int32_t *out) {
  if (!PyLong_CheckExact(o)) return 0;
  int ok = 1;
  int64_t v = as_i64(o, &ok);
  if (!ok || v < 0 || v > INT32_MAX) return 0;
  *out = (int32_t)v;
  return 1;
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t); /* time.perf_counter_ns's clock */
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* The plan's launch of the kernel arguments args[first:]. 1: launched,
 * 0: declined (nothing launched), -1: an exception set (LaunchError).
 * *entry_ns (when not NULL) receives the nanoseconds of the runtime's call. */
static int plan_launch(Launcher *self, PyObject *argv, Py_ssize_t first, PyObject *gx,
                       PyObject *gy, PyObject *gz, int32_t threads, int64_t *entry_ns) {
  if (!self->armed || self->busy || PyTuple_Size(argv) - first != self->nargs) return 0;
  int32_t g[3];
  if (!grid_value(gx, &g[0]) || !grid_value(gy, &g[1]) || !grid_value(gz, &g[2])) return 0;
  self->busy = 1;
  int ok = 1;
  for (int k = 0; ok && k < self->nk; ++k) {
    PyObject *v = PyTuple_GetItem(argv, first + self->spec[k].src);
    if (!v) {
      PyErr_Clear();
      ok = 0;
      break;
    }
    switch (self->spec[k].kind) {
    case ARG_POINTER: ok = take_tensor(self, k, v); break;
    case ARG_INT: ok = take_int(self, k, v); break;
    default: ok = take_float(self, k, v); break;
    }
  }
  if (ok) {
    memcpy(self->grid, g, sizeof(g));
    if (self->extents) {
      int fit = extents_fit(self);
      if (fit < 0) PyErr_Clear();
      ok = fit == 1;
    }
  }
  if (!ok) {
    self->busy = 0;
    return 0;
  }
  self->req.threads = threads;
  int32_t rc;
  /* The kernel may run long: other Python threads go on meanwhile (busy
   * keeps them off this object's arrays; they take the Python path). */
  Py_BEGIN_ALLOW_THREADS
  int64_t t0 = entry_ns ? now_ns() : 0;
  rc = self->entry(&self->req);
  if (entry_ns) *entry_ns = now_ns() - t0;
  Py_END_ALLOW_THREADS
  self->busy = 0;
  if (rc) {
    PyObject *msg = PyUnicode_DecodeUTF8(self->error, (Py_ssize_t)strnlen(self->error,
                                         sizeof(self->error)), "replace");
    if (msg) {
      PyErr_Format(g_launch_error, "kernel %U: %U", self->name, msg);
      Py_DECREF(msg);
    }
    return -1;
  }
  ++g_launches;
  return 1;
}

/* threads as LaunchPlan takes them (runtime.threads_value): 'auto' -> 0, an
 * int in [0, 2^31 - 1]. 0 with *ok = 0 for anything else. */
static int32_t threads_of(PyObject *t, int *ok) {
  if (PyLong_CheckExact(t)) {
    int in = 1;
    int64_t v = as_i64(t, &in);
    if (in && v >= 0 && v <= INT32_MAX) return (int32_t)v;
  } else if (PyUnicode_Check(t) && PyUnicode_Compare(t, s_auto) == 0) {
    return 0;
  }
  PyErr_Clear();
  *ok = 0;
  return 0;
}

/* _te_launch(args, gx, gy, gz, threads) -> bool: LaunchPlan.launch's
 * contract (False: declined, nothing launched), with this object's arrays. */
static PyObject *launcher_plan_launch(PyObject *op, PyObject *a) {
  PyObject *args, *gx, *gy, *gz, *t;
  if (!PyArg_ParseTuple(a, "OOOOO", &args, &gx, &gy, &gz, &t)) return NULL;
  int ok = 1;
  int32_t threads = threads_of(t, &ok);
  if (!ok) Py_RETURN_FALSE;
  PyObject *tuple = PySequence_Tuple(args);
  if (!tuple) return NULL;
  int r = plan_launch((Launcher *)op, tuple, 0, gx, gy, gz, threads, NULL);
  Py_DECREF(tuple);
  if (r < 0) return NULL;
  return PyBool_FromLong(r);
}

/* A hook the launch must call: anything but None and an empty HookChain. */
static int hook_pending(PyObject *h) {
  if (h == Py_None) return 0;
  if (g_hook_chain == NULL || g_hook_chain == Py_None || (PyObject *)Py_TYPE(h) != g_hook_chain)
    return 1;
  PyObject *calls = PyObject_GetAttr(h, s_calls);
  if (!calls) {
    PyErr_Clear();
    return 1;
  }
  int pending = !PyList_CheckExact(calls) || PyList_Size(calls) != 0;
  Py_DECREF(calls);
  return pending;
}

/* Whether module attribute `name` is None (1), not None (0). */
static int attr_is_none(PyObject *module, PyObject *name) {
  PyObject *v = PyObject_GetAttr(module, name);
  if (!v) {
    PyErr_Clear();
    return 0;
  }
  Py_DECREF(v);
  return v == Py_None;
}

/* stats[key] = [launches, runtime ns, driver ns] += [1, entry_ns, total_ns],
 * as the driver's Python path keeps them (launch_stats()). -1: error set. */
static int add_stats(PyObject *stats, PyObject *key, int64_t entry_ns, int64_t total_ns) {
  PyObject *entry = PyDict_GetItemWithError(stats, key); /* borrowed */
  if (!entry) {
    if (PyErr_Occurred()) return -1;
    entry = Py_BuildValue("[iii]", 0, 0, 0);
    if (!entry) return -1;
    int bad = PyDict_SetItem(stats, key, entry);
    Py_DECREF(entry);
    if (bad) return -1;
  }
  int64_t add[3] = {1, entry_ns, total_ns};
  for (Py_ssize_t i = 0; i < 3; ++i) {
    PyObject *old = PySequence_GetItem(entry, i);
    if (!old) return -1;
    PyObject *inc = PyLong_FromLongLong(add[i]);
    PyObject *sum = inc ? PyNumber_Add(old, inc) : NULL;
    Py_DECREF(old);
    Py_XDECREF(inc);
    if (!sum) return -1;
    int bad = PySequence_SetItem(entry, i, sum);
    Py_DECREF(sum);
    if (bad) return -1;
  }
  return 0;
}

/* CompiledKernel.run(gx, gy, gz, stream, function, packed_metadata,
 * launch_metadata, enter_hook, exit_hook, *args). */
static PyObject *launcher_call(PyObject *op, PyObject *argv, PyObject *kw) {
  Launcher *self = (Launcher *)op;
  int64_t t0 = now_ns();
  if (self->armed && !kw && g_state_module && PyTuple_Size(argv) == 9 + self->nargs &&
      PyTuple_GetItem(argv, 4) == self->kernel && !hook_pending(PyTuple_GetItem(argv, 7)) &&
      !hook_pending(PyTuple_GetItem(argv, 8)) && attr_is_none(g_capture_module, s_active)) {
    int ok = 1;
    int32_t threads = self->threads_default;
    PyObject *ov = PyObject_GetAttr(g_state_module, s_threads_override);
    if (!ov) {
      PyErr_Clear();
      ok = 0;
    } else {
      if (ov != Py_None) threads = threads_of(ov, &ok);
      Py_DECREF(ov);
    }
    /* launch_stats(): a dict, kept as the Python path keeps it. */
    PyObject *stats = ok ? PyObject_GetAttr(g_state_module, s_stats) : NULL;
    if (!stats) {
      PyErr_Clear();
      ok = 0;
    } else if (stats != Py_None && !PyDict_CheckExact(stats)) {
      ok = 0;
    }
    if (ok) {
      int timed = stats != Py_None;
      int64_t entry_ns = 0;
      int r = plan_launch(self, argv, 9, PyTuple_GetItem(argv, 0), PyTuple_GetItem(argv, 1),
                          PyTuple_GetItem(argv, 2), threads, timed ? &entry_ns : NULL);
      if (r > 0 && timed && add_stats(stats, self->stats_key, entry_ns, now_ns() - t0) < 0)
        r = -1;
      Py_DECREF(stats);
      if (r < 0) return NULL;
      if (r > 0) Py_RETURN_NONE;
    } else {
      Py_XDECREF(stats);
    }
  }
  PyObject *slow = PyObject_GetAttr(op, s_call_python);
  if (!slow) return NULL;
  PyObject *r = PyObject_Call(slow, argv, kw);
  Py_DECREF(slow);
  return r;
}

static PyMethodDef launcher_methods[] = {
    {"_te_arm", launcher_arm, METH_VARARGS, "Arms the fast path with a LaunchPlan's decisions."},
    {"_te_disarm", launcher_disarm, METH_NOARGS, "Every launch takes the Python path."},
    {"_te_launch", launcher_plan_launch, METH_VARARGS,
     "(args, gx, gy, gz, threads) -> bool: LaunchPlan.launch's contract."},
    {NULL, NULL, 0, NULL}};

static PyType_Slot launcher_slots[] = {
    {Py_tp_dealloc, launcher_dealloc},
    {Py_tp_call, launcher_call},
    {Py_tp_methods, launcher_methods},
    {Py_tp_new, PyType_GenericNew},
    {Py_tp_doc, "The driver's launcher with its launch fast path (triton_edge._fastlaunch)."},
    {0, NULL}};

static PyType_Spec launcher_spec = {"triton_edge._fastlaunch.Launcher", sizeof(Launcher), 0,
                                    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, launcher_slots};

/* _te_setup(state_module, capture_module, hook_chain_type_or_None, LaunchError) */
static PyObject *mod_setup(PyObject *m, PyObject *a) {
  (void)m;
  PyObject *st, *cap, *hc, *le;
  if (!PyArg_ParseTuple(a, "OOOO", &st, &cap, &hc, &le)) return NULL;
  Py_XDECREF(g_state_module);
  Py_XDECREF(g_capture_module);
  Py_XDECREF(g_hook_chain);
  Py_XDECREF(g_launch_error);
  g_state_module = new_ref(st);
  g_capture_module = new_ref(cap);
  g_hook_chain = new_ref(hc);
  g_launch_error = new_ref(le);
  Py_RETURN_NONE;
}

static PyObject *mod_launches(PyObject *m, PyObject *unused) {
  (void)m;
  (void)unused;
  return PyLong_FromLongLong(g_launches);
}

static PyMethodDef mod_methods[] = {
    {"_te_setup", mod_setup, METH_VARARGS, "The modules and classes the fast path consults."},
    {"launches", mod_launches, METH_NOARGS, "Launches made by the fast path in this process."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module_def = {PyModuleDef_HEAD_INIT, "_fastlaunch",
                                        "The driver's launch fast path.", -1, mod_methods,
                                        NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__fastlaunch(void) {
#define INTERN(var, text) \
  if (!(var = PyUnicode_InternFromString(text))) return NULL;
  INTERN(s_dtype, "dtype");
  INTERN(s_is_cpu, "is_cpu");
  INTERN(s_is_neg, "is_neg");
  INTERN(s_data_ptr, "data_ptr");
  INTERN(s_numel, "numel");
  INTERN(s_untyped_storage, "untyped_storage");
  INTERN(s_nbytes, "nbytes");
  INTERN(s_calls, "calls");
  INTERN(s_stats, "stats");
  INTERN(s_threads_override, "threads_override");
  INTERN(s_active, "_active");
  INTERN(s_call_python, "_call_python");
  INTERN(s_auto, "auto");
#undef INTERN
  PyObject *m = PyModule_Create(&module_def);
  if (!m) return NULL;
  PyObject *tp = PyType_FromSpec(&launcher_spec);
  if (!tp || PyModule_AddObject(m, "Launcher", tp) < 0) {
    Py_XDECREF(tp);
    Py_DECREF(m);
    return NULL;
  }
  if (PyModule_AddIntConstant(m, "C_API_VERSION", TE_RT_C_API_VERSION) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
