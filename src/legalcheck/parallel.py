"""Work for the machine's second core: a forked child computes ``fn(item)`` for a list of items while
the caller goes on with its own work.

Used where many files must each be checked and the answers are small (a profile's problems and its
country's identity): the child sends each answer back through a pipe as soon as it has it. Only on
Linux, with two or more usable cores, no other thread running, enough items to pay for the fork and
``LEGALCHECK_NO_FORK`` unset (or 0); otherwise the same answers are computed in-process when asked
for (``results``), so a caller writes one code path.

Never a different answer, never a hang:

* the child writes nothing but its pipe (its stdout and stderr lead nowhere) and ends with
  ``os._exit``: no atexit handler, no buffered output written twice (both streams are flushed
  before the fork), never the parent's clean-up (``fork_child``, which every fork of legalcheck
  goes through);
* an item whose ``fn`` raised in the child, or that the child never sent (killed, out of memory), is
  computed again in the parent when ``results`` is called: an exception is raised there, by the
  same code, exactly as the serial path would raise it;
* the parent reads the pipe while it waits (a large answer cannot block the child for ever), reaps
  the child, and stops it if the results are never asked for (``close``, or leaving a ``with``
  block): SIGTERM, on which the child ends through its clean-up (a cache entry it was writing leaves
  no temporary file), then SIGKILL if it has not ended within ``GRACE`` seconds (``reap``).

The pipe carries pickles from a copy of this very process, never data from disk (which the cache
reads with a restricted unpickler).
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

OFF_VAR = "LEGALCHECK_NO_FORK"
_FRAME = struct.Struct("<I")  # each answer: its length, then the pickle of (index, answer)
_INDEX = struct.Struct("<I")  # each skipped item: its index
_CHUNK = 4096 // _INDEX.size  # indices per write: a pipe write of <= PIPE_BUF bytes is all-or-nothing
_PIPE_SIZE = 1 << 20  # room for answers while the parent is busy (Linux caps it at pipe-max-size)

# The pipe ends of every running Background: a child forked later closes them, so that each parent
# still sees end-of-file when its own child ends.
_open_fds: set[int] = set()


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _one_thread() -> bool:
    """No thread but this one: forking a process with threads can deadlock the child (and Python
    3.12 warns). A program that never imported threading has started none."""
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def fork_wanted(count: int, min_items: int) -> bool:
    """Whether ``count`` items are worth a child process here and now."""
    return (count >= min_items and sys.platform.startswith("linux") and hasattr(os, "fork")
            and os.environ.get(OFF_VAR, "") in ("", "0")
            and _one_thread()
            and _usable_cores() >= 2)


# How long a child asked to stop (SIGTERM) is given to end through its clean-up (a temporary cache
# file removed) before it is killed outright (SIGKILL). It ends within a millisecond or so unless busy
# in a long call of a C library; the wait ends as soon as it has ended.
GRACE = 0.1  # seconds


def reap(pid: int, *, kill: bool) -> None:
    """Wait for the child ``pid`` to end (no zombie left), stopping it first if ``kill``: SIGTERM,
    which a child ends on through its clean-up (``finally`` blocks: no temporary file of the cache
    left), and SIGKILL if it has not ended within ``GRACE`` seconds."""
    try:
        if kill:
            _stop(pid)
    finally:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _stop(pid: int) -> None:
    ended = False
    try:
        os.kill(pid, signal.SIGTERM)
        ended = _ends_within(pid, GRACE)
    except OSError:
        pass
    finally:  # also when the wait is interrupted (a second Ctrl-C): the child never outlives this
        if not ended:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _ends_within(pid: int, seconds: float) -> bool:
    """Whether the child ``pid`` has ended, or ends within ``seconds`` (left for ``waitpid`` to reap)."""
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):  # Linux before 5.3: asked every few milliseconds instead
        fd = -1
    if fd >= 0:
        import select

        try:
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            return bool(poller.poll(int(seconds * 1000)))  # readable once the process has ended
        finally:
            os.close(fd)
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return True
        except ChildProcessError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.002)


# The signals on which the parent has handlers that would unwind its stack (legalcheck's
# ``cli.exit_cleanly_on_sigterm``: SIGTERM and SIGHUP; Python's own for Ctrl-C: SIGINT). Blocked
# around every fork, until the child has handlers of its own (``fork_child``).
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_MASK = hasattr(signal, "pthread_sigmask")


def fork_child(run: Callable[[], object], close: Iterable[int] = ()) -> int:
    """Fork a child process that calls ``run()`` and ends with ``os._exit`` whatever happens: 0 if
    ``run`` returned, 1 if it raised or the child was stopped. The child never returns into the
    caller's code, so never runs the parent's clean-up (its ``finally`` blocks and ``with`` exits,
    which may remove files the parent is still writing). Returns the child's pid, in the parent;
    ``OSError`` if the fork failed. The one way legalcheck forks.

    The child's standard streams lead nowhere (both are flushed before the fork: nothing buffered is
    written twice), and it closes ``close`` and the pipe ends of every running ``Background`` (their
    parents must see end-of-file when their own child ends).

    A stop signal (SIGINT, SIGTERM, SIGHUP) reaching the child just after the fork would run the
    *parent's* handler there (``sys.exit`` or ``KeyboardInterrupt``), unwinding the parent's stack in
    the child. So they are blocked around the fork: in the parent until the fork has returned (one
    that came meanwhile is handled then, and the child is stopped and reaped before the exception
    goes on), in the child until it is inside the ``try`` that ends in ``os._exit`` with handlers of
    its own: the first stop signal ends it through its clean-up (``SystemExit``, or
    ``KeyboardInterrupt`` for Ctrl-C, so that a cache entry half written is removed; ``reap`` counts
    on it) and any further one is ignored, so that clean-up runs to its end. A signal the parent
    ignores (SIGINT in a background job, SIGHUP under nohup) the child ignores too, SIGTERM excepted.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass
    old = signal.pthread_sigmask(signal.SIG_BLOCK, ()) if _MASK else None  # the mask as it is
    try:
        if _MASK:
            signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        pid = os.fork()
    except BaseException:
        if _MASK:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        raise
    if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
        _child(run, close, old)
    try:
        if _MASK:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)  # a stop signal that came meanwhile: handled here
    except BaseException:
        reap(pid, kill=True)  # the caller never learns of this child: it must not outlive this call
        raise
    return pid


def _child(run: Callable[[], object], close: Iterable[int], mask: Any) -> None:  # pragma: no cover - the child
    code = 1
    try:
        for signum in _STOP_SIGNALS:  # before the mask is lifted: never the parent's handlers
            if signum == signal.SIGTERM or signal.getsignal(signum) is not signal.SIG_IGN:
                signal.signal(signum, _end_on_signal)
        for fd in (*close, *_open_fds):
            try:
                os.close(fd)
            except OSError:
                pass
        _open_fds.clear()  # not this process's any more (their numbers may be reused)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # nothing the child does may reach the terminal
            os.dup2(devnull, fd)
        quiet = open(devnull, "w", closefd=False)  # nor the streams the parent's sys names
        sys.stdout = sys.stderr = sys.__stdout__ = sys.__stderr__ = quiet
        if _MASK:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a stop signal sent meanwhile ends the child here
        run()
        code = 0
    finally:
        try:  # a signal now could raise out of this ``finally`` before ``os._exit``: blocked first
            if _MASK:
                signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        finally:
            os._exit(code)


def _end_on_signal(signum: int, frame: Any) -> None:  # pragma: no cover - runs in the child
    """A child's stop signal: it ends through its clean-up, which no further stop signal interrupts."""
    for other in _STOP_SIGNALS:
        signal.signal(other, signal.SIG_IGN)
    if signum == getattr(signal, "SIGINT", None):
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


class Background(Generic[T, R]):
    """Computes ``fn(item)`` for each of ``items``, in the order given, in a forked child process while
    the caller goes on; serial fallback (computed in-process when ``results`` is called) where fork is
    unavailable or unwise (not Linux; one core; a thread running; fewer than ``min_items`` items;
    ``LEGALCHECK_NO_FORK=1``).

    Items must be hashable (they key the results) and answers picklable. Typical use::

        with Background(paths, check) as bg:
            ...                      # the caller's own work; bg.skip(done) for items it did itself
            answers = bg.results()
    """

    def __init__(self, items: Sequence[T], fn: Callable[[T], R], *, min_items: int = 64) -> None:
        self.items = list(items)
        self.fn = fn
        self.pid: int | None = None
        self._got: dict[T, R] = {}  # answers received from the child
        self.arrived: list[T] = []  # the items of those answers, in the order they came
        self._skipped: set[T] = set()
        self._where: dict[T, int | list[int]] = {}  # an item's place in items (a list only if it is there twice)
        self._buf = bytearray()
        self._out = self._skip = -1  # the parent's ends: answers in, skipped indices out
        self._eof = False
        if fork_wanted(len(self.items), min_items):
            self._start()

    @property
    def forked(self) -> bool:
        """True while a child computes (or computed) the items."""
        return self.pid is not None

    # ------------------------------------------------------------------ parent

    def _start(self) -> None:
        for i, item in enumerate(self.items):
            at = self._where.setdefault(item, i)  # one int per item: a list each is 1 MB at 12,000 items
            if at != i:
                self._where[item] = [*at, i] if isinstance(at, list) else [at, i]
        try:
            out_r, out_w = os.pipe()
        except OSError:  # no file descriptor left: computed in-process instead
            self._where.clear()
            return
        try:
            skip_r, skip_w = os.pipe()
        except OSError:
            os.close(out_r)
            os.close(out_w)
            self._where.clear()
            return
        try:
            import fcntl

            fcntl.fcntl(out_w, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_SIZE)
        except (ImportError, OSError):
            pass  # the default size will do: the parent reads while it waits
        try:
            pid = fork_child(lambda: self._child(skip_r, out_w), close=(out_r, skip_w))
        except BaseException as e:  # no memory or too many processes: computed in-process instead
            for fd in (out_r, out_w, skip_r, skip_w):
                os.close(fd)
            self._where.clear()
            if isinstance(e, OSError):
                return
            raise  # e.g. SIGTERM just then: the child already stopped and reaped
        os.close(out_w)
        os.close(skip_r)
        os.set_blocking(out_r, False)
        os.set_blocking(skip_w, False)
        self.pid, self._out, self._skip = pid, out_r, skip_w
        _open_fds.update((out_r, skip_w))

    def skip(self, items: Iterable[T]) -> None:
        """The caller has dealt with ``items``: the child need not (it checks between items).
        Advisory: an answer the child had already computed may still be included in ``results``."""
        items = list(items)
        self._skipped.update(items)
        if self._skip < 0:
            return
        indices = []
        for item in items:
            at = self._where.get(item)
            if isinstance(at, list):
                indices += at
            elif at is not None:
                indices.append(at)
        for at in range(0, len(indices), _CHUNK):
            part = indices[at:at + _CHUNK]
            try:
                os.write(self._skip, b"".join(_INDEX.pack(i) for i in part))
            except OSError:  # the pipe is full or the child has ended: it just computes more
                return

    def poll(self) -> dict[T, R]:
        """The answers received from the child so far, without waiting (read-only; empty when
        nothing is forked). Reading them as they come also keeps the child from waiting on the pipe."""
        if self._out >= 0 and not self._eof:
            self._read(block=False)
        return self._got

    def _read(self, block: bool) -> None:
        if block:
            os.set_blocking(self._out, True)
        while True:
            try:
                chunk = os.read(self._out, 1 << 16)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:
                self._eof = True
                break
            self._buf += chunk
            self._frames()

    def _frames(self) -> None:
        buf, at = self._buf, 0
        while len(buf) - at >= _FRAME.size:
            (n,) = _FRAME.unpack_from(buf, at)
            if len(buf) - at - _FRAME.size < n:
                break
            data = bytes(buf[at + _FRAME.size:at + _FRAME.size + n])
            at += _FRAME.size + n
            try:
                i, answer = pickle.loads(data)
                self._got[self.items[i]] = answer
                self.arrived.append(self.items[i])
            except Exception:  # cannot happen from our own child; if it did, the parent computes it
                pass
        del buf[:at]

    def results(self) -> dict[T, R]:
        """Waits for the child; returns ``fn(item)`` for every item not skipped, in the order given.
        Whatever the child did not deliver is computed here (and raises here, as serially)."""
        if self._out >= 0:
            try:
                self._read(block=True)
            except BaseException:  # e.g. Ctrl-C while waiting: the child is stopped, not waited for
                self._finish(kill=True)
                raise
            self._finish(kill=False)
        out: dict[T, R] = {}
        for item in self.items:
            if item in out:
                continue
            if item in self._got:
                out[item] = self._got[item]
            elif item not in self._skipped:
                out[item] = self._got[item] = self.fn(item)  # kept: asked again, not computed again
        return out

    def _finish(self, kill: bool) -> None:
        for fd in (self._out, self._skip):
            if fd >= 0:
                _open_fds.discard(fd)
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._out = self._skip = -1
        self._eof = True
        if self.pid is not None and self.pid > 0:
            reap(self.pid, kill=kill)
            self.pid = -1  # reaped: still "forked", never waited for again

    def close(self) -> None:
        """Stops the child (if the results were never asked for) and reaps it."""
        if self.pid is not None and self.pid > 0:
            self._finish(kill=True)

    def __enter__(self) -> Background[T, R]:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    # ------------------------------------------------------------------ child

    def _child(self, skip_r: int, out_w: int) -> None:  # pragma: no cover - runs in the child (fork_child)
        """Compute the items not skipped, from the first, each answer sent as soon as it is known.
        An item whose ``fn`` raised is left to the parent; a broken pipe (the parent has gone), or
        being stopped, ends the child (``fork_child`` ends it with ``os._exit``)."""
        os.set_blocking(skip_r, False)
        skipped: set[int] = set()
        pending = b""
        open_ = True
        for i, item in enumerate(self.items):
            while open_:
                try:
                    chunk = os.read(skip_r, 1 << 16)
                except BlockingIOError:
                    break
                if not chunk:
                    open_ = False
                    break
                pending += chunk
                whole = len(pending) - len(pending) % _INDEX.size
                skipped.update(x for (x,) in _INDEX.iter_unpack(pending[:whole]))
                pending = pending[whole:]
            if i in skipped:
                continue
            try:
                answer = self.fn(item)
            except Exception:
                continue  # the parent computes it again, and raises it as the serial path would
            data = pickle.dumps((i, answer), pickle.HIGHEST_PROTOCOL)
            view = memoryview(_FRAME.pack(len(data)) + data)
            while view:
                view = view[os.write(out_w, view):]
