"""The example notebook runs from top to bottom (nbclient, Debian's python3-ipykernel)."""
import os
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = pathlib.Path(__file__).parents[2] / "examples" / "notebooks" / "caaht.ipynb"


def test_caaht_notebook_executes(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    os.environ.pop("MPLBACKEND", None)  # the kernel draws inline, as in Jupyter
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = "".join(o.get("text", "") for cell in nb.cells for o in cell.get("outputs", []))
    assert "22 grantee organisations" in outputs
    assert "Kuçovë, Skrapar, Bulqizë, Mat, Peqin, Mallakastër, Kolonjë, Kurbin, Kavajë" in outputs
    assert "205783998.27 ALL" in outputs
    images = sum("image/png" in o.get("data", {}) for cell in nb.cells for o in cell.get("outputs", []))
    assert images >= 3
