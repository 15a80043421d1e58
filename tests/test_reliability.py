"""Several processes at one project: what the coder is told and what the store keeps."""

import subprocess
import sys
import textwrap

CODERS_AT_ONCE = 4
PASSAGES = 500  # 250 starts, each with two lengths

_CHILD = textwrap.dedent(
    """
    import pathlib, sys
    from qualkit.project import Project

    path, go, passages = sys.argv[1], pathlib.Path(sys.argv[2]), int(sys.argv[3])
    project = Project.open(path)
    while not go.exists():  # start together, so that the processes collide
        pass
    new = 0
    for start, end in [(s, s + n) for n in (1, 2) for s in range(passages // 2)]:
        new += project.code_passage("se-d-08", start, end, "bemotande", "anna")[1]
    project.close()
    print(new)
    """
)


def test_four_processes_coding_the_same_passages_store_each_once_and_never_fail(project, tmp_path):
    assert len(project.text("se-d-08")) > PASSAGES // 2 + 2
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(project.path), str(go), str(PASSAGES)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(CODERS_AT_ONCE)
    ]
    go.touch()
    results = [child.communicate() for child in children]
    assert [child.returncode for child in children] == [0] * CODERS_AT_ONCE, [
        err for _, err in results
    ]
    # Every passage was coded by exactly one process; the others were told "already coded".
    assert sum(int(out) for out, _ in results) == PASSAGES
    spans = sorted((c.start, c.end) for c in project.coding_list(coder="anna"))
    assert spans == sorted((s, s + n) for n in (1, 2) for s in range(PASSAGES // 2))
