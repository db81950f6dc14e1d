"""Write the issue's large data file to stdout: n rows of x uniform in
[0, 4] and y = 2x + 1 + N(0, 0.3), from a fixed seed.

    python3 gen.py 100000 > /tmp/n1e5.csv
"""
import random
import sys


def main():
    n = int(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    out = ["x,y\n"]
    for _ in range(n):
        x = rng.uniform(0, 4)
        out.append(f"{x!r},{2 * x + 1 + rng.gauss(0, 0.3)!r}\n")
    sys.stdout.write("".join(out))


main()
