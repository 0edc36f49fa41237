"""Builds the Python package through CMake: `pip install --no-build-isolation .` (see README).

The extension `grantfolio._grantfolio` is built by the project's CMake (target _grantfolio) in a
temporary build tree, or in GRANTFOLIO_CMAKE_BUILD_DIR when that names one to reuse."""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = os.environ.get("GRANTFOLIO_CMAKE_BUILD_DIR") or tempfile.mkdtemp(prefix="grantfolio-build-")
        subprocess.check_call([
            "cmake", "-S", str(ROOT), "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython3_EXECUTABLE={sys.executable}", "-DGRANTFOLIO_BUILD_PYTHON=ON", "-DGRANTFOLIO_BUILD_TESTS=OFF",
            "-DGRANTFOLIO_BUILD_TOOLS=OFF", "-DGRANTFOLIO_BUILD_BENCH=OFF", "-DGRANTFOLIO_BUILD_EXAMPLES=OFF",
        ])
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "_grantfolio", "-j", str(os.cpu_count() or 2)])
        built = pathlib.Path(build_dir) / "python" / "grantfolio"
        target = pathlib.Path(self.get_ext_fullpath(ext.name)).parent
        target.mkdir(parents=True, exist_ok=True)
        for item in built.iterdir():
            if item.is_file():
                shutil.copy2(item, target / item.name)


setup(
    packages=["grantfolio"],
    package_dir={"grantfolio": "bindings/python/grantfolio"},
    package_data={"grantfolio": ["*.pyi", "py.typed"]},
    ext_modules=[Extension("grantfolio._grantfolio", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
