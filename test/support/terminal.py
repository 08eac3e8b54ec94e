# Run a command on a pseudo-terminal and type into it: the real terminal, as a user at a keyboard has it.
# argv[1] is a JSON document {"argv": [...], "cwd": "...", "env": {...}, "steps": [{"expect": "text", "after": 0.5, "keys": ["a", "\u001b[D", ...]}]}:
# each step waits until `expect` has appeared in the output (then `after` seconds more, if given), then sends each key
# as its own write, a little apart.
# Prints one JSON document: {"status": <exit code>, "output": "<everything the terminal showed>"}.
import fcntl, json, os, pty, select, struct, sys, termios, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.chdir(spec["cwd"])
    os.execvpe(spec["argv"][0], spec["argv"], spec["env"])
# A terminal of 24 rows and 100 columns: without a size, a spinner cannot tell how many lines it drew.
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, spec.get("columns", 100), 0, 0))

out = b""
def read_for(seconds):
    global out
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], max(0, end - time.time()))
        if not r:
            return
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return
        if not chunk:
            return
        out += chunk

def wait_for(text, timeout):
    end = time.time() + timeout
    while text.encode() not in out and time.time() < end:
        read_for(0.05)
    if text.encode() not in out:
        raise SystemExit(json.dumps({"status": None, "output": out.decode("utf8", "replace"), "error": "never saw " + text}))

try:
    for step in spec["steps"]:
        wait_for(step["expect"], spec.get("timeout", 20))
        read_for(step.get("after", 0))
        for key in step["keys"]:
            os.write(fd, key.encode())
            read_for(0.08)
    read_for(0.1)
    deadline = time.time() + spec.get("timeout", 20)
    status = None
    while time.time() < deadline:
        read_for(0.05)
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(code)
            break
    read_for(0.1)
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
finally:
    pass
print(json.dumps({"status": status, "output": out.decode("utf8", "replace")}))
