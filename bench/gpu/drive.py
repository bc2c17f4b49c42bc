"""Replays the requests of `biomed annotate` over the fixture notes (prompts.json, written by
capturePrompts.ts) against llama-server serving the random-weight 7B model, and prints tables:

1. per note, at one request at a time: model calls, prompt and answer tokens, seconds;
2. all notes at 1, 8 and 32 requests in flight: documents a second, against the ideal;
3. entity answers decoded plainly (cut at the well-formed answer's length) against
   jump-forward, emulated through the server: each word and its " :" are forced into the
   prompt (evaluated as one short batch, the cached prefix kept) and only the tag is decoded.
--sequential-only: table 1 alone; --concurrency-only: table 2 alone.

A random model never stops by itself: every answer is cut at the well-formed answer's length
(ignore_eos with n_predict), which is what a trained model would write. Speed only.
"""
import json
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

URL = sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else "http://127.0.0.1:8080"


def post(path: str, body: dict) -> dict:
    req = urllib.request.Request(URL + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())


def tokens(text: str) -> int:
    return len(post("/tokenize", {"content": text, "add_special": False})["tokens"])


def complete(prompt: str, n: int, slot: int = -1) -> dict:
    t0 = time.perf_counter()
    r = post("/completion", {"prompt": prompt, "n_predict": n, "ignore_eos": True, "temperature": 0, "cache_prompt": True, "id_slot": slot})
    r["wall_ms"] = (time.perf_counter() - t0) * 1000
    return r


def table(title: str, head: list, rows: list) -> None:
    print(f"\n{title}\n")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")


def concurrency(reqs: list, notes: int) -> None:
    """All notes' requests with 1, 8, 32 in flight."""
    rows = []
    base = None
    for conc in (1, 8, 16, 32):
        t0 = time.perf_counter()
        with ThreadPoolExecutor(conc) as pool:
            list(pool.map(lambda r: complete(r["prompt"], r["n"]), reqs))
        wall = time.perf_counter() - t0
        docs = notes / wall
        base = base or docs
        rows.append([conc, len(reqs), f"{wall:.2f}", f"{docs:.2f}", f"{docs / (base * conc):.2f}"])
    table(f"All {notes} notes, requests in flight at once (llama-server -np 32)", ["in flight", "model calls", "seconds", "docs/s", "docs/s / (conc x docs/s at 1)"], rows)


def main() -> None:
    reqs = json.load(open(sys.argv[1]))
    for r in reqs:
        r["n"] = max(1, tokens(r["answer"]))
    complete(reqs[0]["prompt"], 8)  # warm-up: CUDA graphs, first allocation
    if "--concurrency-only" in sys.argv:
        concurrency(reqs, len({r["note"] for r in reqs}))
        return

    # 1. One request at a time, note by note, in the order the CLI sent them.
    rows, per_note = [], {}
    for r in reqs:
        out = complete(r["prompt"], r["n"], slot=0)
        t = out["timings"]
        s = per_note.setdefault(r["note"], {"calls": 0, "prompt": 0, "computed": 0, "answer": 0, "ms": 0.0})
        s["calls"] += 1
        s["prompt"] += out.get("tokens_evaluated", t["prompt_n"])
        s["computed"] = s.get("computed", 0) + t["prompt_n"]
        s["answer"] += t["predicted_n"]
        s["ms"] += out["wall_ms"]
        r["single_ms"] = out["wall_ms"]
    for note, s in per_note.items():
        rows.append([note, s["calls"], s["prompt"], s["computed"], s["answer"], f"{s['ms'] / 1000:.2f}"])
    total_ms = sum(s["ms"] for s in per_note.values())
    table(
        "One request at a time (maxConcurrentRequests 1), note by note",
        ["note", "model calls", "prompt tokens", "computed (not cached)", "answer tokens", "seconds"],
        rows + [[f"all {len(per_note)} notes", sum(s["calls"] for s in per_note.values()), "", "", "", f"{total_ms / 1000:.2f}"]],
    )

    if "--sequential-only" in sys.argv:
        return
    concurrency(reqs, len(per_note))

    # 3. Entity answers: plain against jump-forward (emulated), one at a time on slot 1.
    plain_ms = jf_ms = plain_steps = jf_steps = words = 0
    for r in (r for r in reqs if r["task"] == "entities"):
        plain = complete(r["prompt"], r["n"], slot=1)
        plain_ms += plain["wall_ms"]
        plain_steps += plain["timings"]["predicted_n"]
        so_far = ""
        for line in r["answer"].split("\n"):
            at = line.rfind(" : ")
            if at < 0:
                so_far += line + "\n"
                continue
            # The word and " :" are forced (one short batch); the tag is the model's choice.
            forced, tag = line[:at] + " :", line[at + 3 :]
            out = complete(r["prompt"] + so_far + forced, max(1, tokens(" " + tag)), slot=1)
            jf_ms += out["wall_ms"]
            jf_steps += out["timings"]["predicted_n"]
            words += 1
            so_far += f"{forced} {tag}\n"
    table(
        "Entity answers: plain decoding cut at the answer's length against jump-forward",
        ["decoding", "words", "decode steps", "steps/word", "seconds", "ms/word"],
        [
            ["plain", words, plain_steps, f"{plain_steps / words:.2f}", f"{plain_ms / 1000:.2f}", f"{plain_ms / words:.1f}"],
            ["jump-forward (emulated)", words, jf_steps, f"{jf_steps / words:.2f}", f"{jf_ms / 1000:.2f}", f"{jf_ms / words:.1f}"],
        ],
    )
    print(f"\nplain / jump-forward wall time: {plain_ms / jf_ms:.2f}x; steps: {plain_steps / jf_steps:.2f}x")


if __name__ == "__main__":
    main()
