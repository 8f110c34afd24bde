"""A kernel for the tools that execute notebooks, talking over local sockets.

Jupyter kernels default to TCP on localhost, and ipykernel 7 warns on every
start that TCP traffic is unencrypted. Our tools never need the network, so
they use IPC (Unix domain sockets) in a private temporary folder instead:
nothing listens on a port, and the warning's cause is gone.
"""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from jupyter_client.manager import KernelManager


@contextmanager
def ipc_kernel_manager(kernel_name: str = "python3") -> Iterator[KernelManager]:
    """Yield an unstarted KernelManager whose sockets live in a temporary folder.

    nbclient shuts down only the kernels it created itself, so the kernel
    started through this manager is shut down here, before its folder goes.
    """
    with tempfile.TemporaryDirectory(prefix="seedsoil-kernel-") as folder:
        km = KernelManager(kernel_name=kernel_name, transport="ipc", ip=os.path.join(folder, "kernel"))
        try:
            yield km
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)
