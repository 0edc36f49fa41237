#!/usr/bin/python3
"""What `-o` may replace. Everything happens in a fresh temporary folder (never /dev or a system
path): a save replaces a regular file or makes a new one; it follows a symbolic link to its target
and leaves the link a link; it refuses a directory, a FIFO, a socket and a device node, leaving them
as they were; `-o -` writes to standard output; a save removes the temporary files that killed saves
left in that folder, whatever file they were for. Usage: output_targets.py CLI"""
import os
import socket
import stat
import subprocess
import sys
import tempfile

failures = []


def check(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def export(cli, target, fmt="json"):
    return subprocess.run([cli, "export", "--format", fmt, "-o", target], capture_output=True, text=True, timeout=120)


def main():
    cli = sys.argv[1]
    with tempfile.TemporaryDirectory() as work:
        regular = os.path.join(work, "regular.json")
        with open(regular, "w") as f:
            f.write("old")
        os.chmod(regular, 0o640)
        r = export(cli, regular)
        check("a regular file is replaced", r.returncode == 0 and open(regular).read().startswith("{"))
        check("the replaced file keeps its mode", stat.S_IMODE(os.stat(regular).st_mode) == 0o640)

        new = os.path.join(work, "new.json")
        check("a new file is made", export(cli, new).returncode == 0 and os.path.isfile(new))

        target = os.path.join(work, "target.json")
        with open(target, "w") as f:
            f.write("old")
        link = os.path.join(work, "link.json")
        os.symlink("target.json", link)
        r = export(cli, link)
        check("a link is followed: its target is replaced", r.returncode == 0 and open(target).read().startswith("{"))
        check("the link stays a link", os.path.islink(link) and os.readlink(link) == "target.json")

        chain = os.path.join(work, "chain.json")
        os.symlink("link.json", chain)
        check("a chain of links is followed to its end",
              export(cli, chain, "csv").returncode == 0 and open(target).read().startswith("id,") and os.path.islink(link))

        dangling = os.path.join(work, "dangling.json")
        os.symlink("made-by-the-save.json", dangling)
        r = export(cli, dangling)
        check("a dangling link gets its target made", r.returncode == 0 and os.path.isfile(os.path.join(work, "made-by-the-save.json"))
              and os.path.islink(dangling))

        folder = os.path.join(work, "folder")
        os.mkdir(folder)
        r = export(cli, folder)
        check("a directory is refused", r.returncode == 1 and "it is a directory" in r.stderr and os.path.isdir(folder))

        fifo = os.path.join(work, "fifo")
        os.mkfifo(fifo)
        r = export(cli, fifo)
        check("a FIFO is refused and left a FIFO", r.returncode == 1 and "it is a FIFO" in r.stderr and
              stat.S_ISFIFO(os.lstat(fifo).st_mode))

        sock_path = os.path.join(work, "socket")
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(sock_path)
        r = export(cli, sock_path)
        check("a socket is refused and left a socket", r.returncode == 1 and "it is a socket" in r.stderr and
              stat.S_ISSOCK(os.lstat(sock_path).st_mode))
        sock.close()

        link_to_fifo = os.path.join(work, "link-to-fifo")
        os.symlink("fifo", link_to_fifo)
        r = export(cli, link_to_fifo)
        check("a link to a FIFO is refused, naming both", r.returncode == 1 and "a link to" in r.stderr and
              stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.path.islink(link_to_fifo))

        # A character device node like /dev/null's (1, 3), made in the temporary folder, where root may.
        device = os.path.join(work, "device")
        try:
            os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except PermissionError:
            print("note: cannot make a device node here (no CAP_MKNOD); the FIFO and socket cases stand for it")
        else:
            r = export(cli, device)
            check("a device node is refused and left a device", r.returncode == 1 and "it is a character device" in r.stderr
                  and stat.S_ISCHR(os.lstat(device).st_mode))

        r = subprocess.run([cli, "export", "--format", "csv", "-o", "-"], capture_output=True, text=True, timeout=120)
        check("-o - writes to standard output", r.returncode == 0 and r.stdout.startswith("id,phase,"))
        r = subprocess.run([cli, "export", "--format", "binary", "-o", "-"], capture_output=True, timeout=120)
        check("-o - takes a binary archive too", r.returncode == 0 and b"serialization::archive" in r.stdout[:64])

        # Temporary files of killed saves: a dead process's (pid 2^22 + 1 is above Linux's pid_max
        # default of 2^22, so it cannot be alive) for another file goes; a live one's stays.
        host = "".join(c if c.isalnum() or c in ".-" else "_" for c in os.uname().nodename)[:64] or "host"
        dead = os.path.join(work, f".other.json.tmp-{host}-{2**22 + 1}-abcdef")
        alive = os.path.join(work, f".other.json.tmp-{host}-{os.getpid()}-ghijkl")
        for p in (dead, alive):
            with open(p, "w") as f:
                f.write("partial")
        r = export(cli, regular)
        check("a save removes a killed save's temporary file, for any file in the folder",
              r.returncode == 0 and not os.path.exists(dead))
        check("a live process's temporary file stays", os.path.exists(alive))
        leftovers = [n for n in os.listdir(work) if ".tmp-" in n and n != os.path.basename(alive)]
        check("no save leaves a temporary file", leftovers == [])
    print(f"{len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
