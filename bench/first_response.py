#!/usr/bin/env python3
"""Median time from exec to the first 200 answer, for any server command.

usage: first_response.py URL RUNS -- COMMAND [ARG...]
Prints the median in milliseconds. Each run starts the command, polls URL over
fresh loopback connections until it answers 200 (at most 10 s), then stops it.
"""
import http.client
import signal
import statistics
import subprocess
import sys
import time
from urllib.parse import urlparse


def first_200(url: str, command: list[str]) -> float:
    target = urlparse(url)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = started + 10
        while time.perf_counter() < deadline:
            try:
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=1)
                connection.request("GET", target.path)
                if connection.getresponse().status == 200:
                    return (time.perf_counter() - started) * 1000
            except OSError:
                time.sleep(0.0005)
            finally:
                connection.close()
        raise SystemExit(f"no 200 from {url} within 10 s")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> None:
    separator = sys.argv.index("--")
    url, runs = sys.argv[1], int(sys.argv[2])
    command = sys.argv[separator + 1:]
    samples = [first_200(url, command) for _ in range(runs)]
    print(f"{statistics.median(samples):.1f}")


if __name__ == "__main__":
    main()
