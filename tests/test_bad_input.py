"""Every odd or broken file gets a clear per-part error or a correct inspection; the run goes on."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from station.capture.imagefile import ImageReadError, read_image
from station.cli import main


def _write_bad_folder(folder: Path, real_jpeg: Path) -> dict[str, str]:
    """The zoo of inputs a line produces; returns file name -> expected outcome ('ok' or an error phrase)."""
    folder.mkdir()
    good = real_jpeg.read_bytes()
    image = cv2.imread(str(real_jpeg))
    assert image is not None
    expected: dict[str, str] = {}

    (folder / "a_zero.jpg").write_bytes(b"")
    expected["a_zero.jpg"] = "empty (0 bytes)"
    (folder / "b_truncated.jpg").write_bytes(good[: len(good) // 2])
    expected["b_truncated.jpg"] = "truncated JPEG"
    (folder / "c_text.png").write_text("this is not a picture\n")
    expected["c_text.png"] = "not a readable image"
    cv2.imwrite(str(folder / "d_grey.png"), cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    expected["d_grey.png"] = "ok"
    cv2.imwrite(str(folder / "e_rgba.png"), cv2.cvtColor(image, cv2.COLOR_BGR2BGRA))
    expected["e_rgba.png"] = "ok"
    cv2.imwrite(str(folder / "f_16bit.png"), image.astype(np.uint16) * 257)
    expected["f_16bit.png"] = "ok"
    cv2.imwrite(str(folder / "g_one_pixel.png"), np.full((1, 1, 3), 128, np.uint8))
    expected["g_one_pixel.png"] = "not a part: image too small"  # 17.11: never inspected as a part
    big = cv2.resize(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), (12000, 12000), interpolation=cv2.INTER_LINEAR)
    cv2.imwrite(str(folder / "h_huge.png"), big, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    expected["h_huge.png"] = "ok"
    cv2.imwrite(str(folder / "k_blank.png"), np.full((300, 300), 200, np.uint8))
    expected["k_blank.png"] = "not a part: blank frame"
    (folder / "i_notes.txt").write_text("shift notes")
    expected["i_notes.txt"] = "not an image file"
    (folder / "j_good.jpeg").write_bytes(good)
    expected["j_good.jpeg"] = "ok"
    return expected


def test_folder_with_bad_files_is_inspected_and_counted(
    tiny_recipe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = sorted((Path(__file__).parent / "data" / "casting" / "defect").iterdir())[0]
    expected = _write_bad_folder(tmp_path / "parts", real)
    jsonl = tmp_path / "parts.jsonl"
    code = main(
        ["inspect", "--recipe", str(tiny_recipe), "--source", f"folder:{tmp_path / 'parts'}", "--jsonl", str(jsonl)]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    n_errors = sum(v != "ok" for v in expected.values())
    assert summary["parts"] == len(expected)
    assert summary["errors"] == n_errors
    assert summary["inspected"] == len(expected) - n_errors == summary["ok"] + summary["ng"]
    lines = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert len(lines) == len(expected)
    for line in lines:
        name = Path(line["source_id"]).name
        if expected[name] == "ok":
            assert line["verdict"] in ("OK", "NG") and line["error"] is None, line
            assert 0.0 <= line["defect_score"] <= 1.0
        else:
            assert line["verdict"] == "ERROR"
            assert expected[name] in line["error"] and name in line["error"]


def test_odd_formats_decode_to_the_same_part(tmp_path: Path) -> None:
    real = sorted((Path(__file__).parent / "data" / "casting" / "ok").iterdir())[0]
    reference = read_image(real)
    grey = cv2.cvtColor(reference, cv2.COLOR_BGR2GRAY)
    cv2.imwrite(str(tmp_path / "g.png"), grey)
    cv2.imwrite(str(tmp_path / "w.png"), grey.astype(np.uint16) * 257)
    cv2.imwrite(str(tmp_path / "a.png"), cv2.cvtColor(reference, cv2.COLOR_BGR2BGRA))
    for name in ("g.png", "w.png"):
        decoded = read_image(tmp_path / name)
        assert decoded.shape == reference.shape and decoded.dtype == np.uint8
        assert np.array_equal(decoded[:, :, 0], grey)
    assert np.array_equal(read_image(tmp_path / "a.png"), reference)


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ImageReadError, match="cannot read"):
        read_image(tmp_path / "gone.jpg")


def test_unknown_recipe_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--recipe", "no_such_recipe", "--source", "demo"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown recipe 'no_such_recipe'" in err[0]


def test_missing_source_exits_2_with_one_line(
    tiny_recipe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["inspect", "--recipe", str(tiny_recipe), "--source", f"folder:{tmp_path / 'nowhere'}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"station: source folder {tmp_path / 'nowhere'} does not exist"


def test_unknown_source_scheme_exits_2(tiny_recipe: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--recipe", str(tiny_recipe), "--source", "ftp://camera"]) == 2
    assert "unknown source" in capsys.readouterr().err
