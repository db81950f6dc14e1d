"""The Python peer of `descent run --format csv`: per-sample gradient
descent on y = x*w (the lecture's loop) over a CSV file of x,y rows,
printing the same CSV lines as descent does:

    epoch,sample,x,y,grad_w,w,loss,mse

with floats in Go's shortest form (Python's repr without a trailing
".0") and mse, the mean loss over all data after the update, from the
same centred moments descent uses beyond 4096 rows (O(1) per update):
mse = c0 + q*(2m + S*q), q = w - w*, residuals r* = x*w* - y.

    python3 transcript.py FILE.csv EPOCHS [LR] [W0] > out.csv
"""
import math
import sys


def short(f):
    return repr(f).removesuffix(".0")


def main():
    path, epochs = sys.argv[1], int(sys.argv[2])
    lr = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
    w = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
    xs, ys = [], []
    with open(path) as f:
        next(f)
        for line in f:
            a, b = line.split(",")
            xs.append(float(a))
            ys.append(float(b))
    n = len(xs)
    sxx = math.fsum(x * x for x in xs) / n
    wstar = math.fsum(x * y for x, y in zip(xs, ys)) / n / sxx
    res = [x * wstar - y for x, y in zip(xs, ys)]
    c0 = math.fsum(r * r for r in res) / n
    m = math.fsum(r * x for r, x in zip(res, xs)) / n
    out = sys.stdout
    write = out.write
    write("epoch,sample,x,y,grad_w,w,loss,mse\n")
    sx = [short(x) for x in xs]
    sy = [short(y) for y in ys]
    for epoch in range(epochs):
        e = str(epoch)
        lines = []
        for i in range(n):
            x, y = xs[i], ys[i]
            grad = 2 * x * (x * w - y)
            w = w - lr * grad
            loss = (x * w - y) * (x * w - y)
            q = w - wstar
            mse = c0 + q * (2 * m + sxx * q)
            lines.append(f"{e},{i},{sx[i]},{sy[i]},{repr(grad).removesuffix('.0')},{repr(w).removesuffix('.0')},"
                         f"{repr(loss).removesuffix('.0')},{repr(mse).removesuffix('.0')}\n")
        write("".join(lines))


main()
