"""The Triton backend of triton-edge (entry point group `triton.backends`, name `cpu`).

Triton imports `triton_edge.backend.compiler` (one BaseBackend subclass) and
`triton_edge.backend.driver` (one DriverBase subclass)."""
