"""Threshold choice, metrics, splits and resumable training."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from station.training.data import stratified_split
from station.training.metrics import binary_metrics, choose_threshold


def test_threshold_reaches_the_recall_target_with_a_margin() -> None:
    scores = np.array([0.05, 0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99])
    labels = np.array([0, 0, 0, 1, 0, 1, 1, 1, 1, 1])
    t = choose_threshold(scores, labels, recall_target=1.0)
    assert 0.2 < t < 0.3  # catches the defect at 0.3, half-way to the next lower score
    assert binary_metrics(labels, scores, t)["recall"] == 1.0
    t = choose_threshold(scores, labels, recall_target=0.8)
    assert binary_metrics(labels, scores, t)["recall"] >= 0.8
    assert 0.6 < t < 0.7


def test_metrics_confusion_matrix_is_tn_fp_fn_tp() -> None:
    labels = np.array([0, 0, 0, 1, 1])
    scores = np.array([0.1, 0.6, 0.2, 0.9, 0.3])
    m = binary_metrics(labels, scores, 0.5)
    assert m["confusion_matrix"] == [[2, 1], [1, 1]]
    assert m["accuracy"] == pytest.approx(3 / 5) and m["precision"] == 0.5 and m["recall"] == 0.5


def test_split_is_stratified_and_fixed_by_seed() -> None:
    labels = np.array([0] * 50 + [1] * 30)
    train, val = stratified_split(labels, 0.2, seed=1)
    assert len(set(train) & set(val)) == 0 and len(train) + len(val) == 80
    assert (labels[val] == 0).sum() == 10 and (labels[val] == 1).sum() == 6
    assert np.array_equal(val, stratified_split(labels, 0.2, seed=1)[1])
    assert not np.array_equal(val, stratified_split(labels, 0.2, seed=2)[1])


def test_interrupted_training_resumes_to_the_same_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import station.training.classifier as trainer

    data = Path(__file__).parent / "data" / "casting"

    def config(out: Path) -> trainer.ClassifierTrainConfig:
        return trainer.ClassifierTrainConfig(
            data=data, out=out, image_size=32, epochs=2, batch_size=16, limit=48, seed=5, allow_small_validation=True
        )

    straight = trainer.train_classifier(config(tmp_path / "a"))

    checkpoints = {"written": 0}
    real_save = torch.save

    def crash_in_second_epoch(obj: object, path: object, *args: object, **kwargs: object) -> None:
        if checkpoints["written"] >= 1:
            raise KeyboardInterrupt  # the operator pulls the plug during epoch 2
        real_save(obj, path, *args, **kwargs)  # type: ignore[arg-type]
        checkpoints["written"] += str(path).endswith("last.tmp")

    monkeypatch.setattr(torch, "save", crash_in_second_epoch)
    with pytest.raises(KeyboardInterrupt):
        trainer.train_classifier(config(tmp_path / "b"))
    monkeypatch.setattr(torch, "save", real_save)
    assert not (tmp_path / "b" / "classifier.pt").exists()
    assert torch.load(tmp_path / "b" / "checkpoints" / "last.pt", weights_only=False)["state"]["epoch"] == 1
    resumed = trainer.train_classifier(config(tmp_path / "b"))

    assert [h["train_loss"] for h in resumed["history"]] == [h["train_loss"] for h in straight["history"]]
    a = torch.load(tmp_path / "a" / "classifier.pt", weights_only=False)["state_dict"]
    b = torch.load(tmp_path / "b" / "classifier.pt", weights_only=False)["state_dict"]
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_pretrained_weights_unavailable_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import urllib.error

    import torchvision

    from station.training.classifier import PretrainedWeightsUnavailable, build_model

    def offline(**kwargs: object) -> None:
        raise urllib.error.URLError("Temporary failure in name resolution")

    monkeypatch.setattr(torchvision.models, "resnet18", offline)
    with pytest.raises(
        PretrainedWeightsUnavailable, match=r"cannot get ImageNet weights for resnet18.*without --pretrained"
    ):
        build_model("resnet18", 2, pretrained=True)


def test_listed_split_holds_out_exactly_the_named_images(tmp_path: Path) -> None:
    from station.training.data import LabelledImages, listed_split, read_name_list

    images = LabelledImages(tuple(Path(f"x/{n}.jpg") for n in "abcde"), np.array([0, 0, 1, 1, 0]))
    (tmp_path / "val.txt").write_text("./images/b.jpg\n./images/d.jpg\n")
    train, val = listed_split(images, read_name_list(tmp_path / "val.txt"))
    assert val.tolist() == [1, 3] and train.tolist() == [0, 2, 4]
    with pytest.raises(ValueError, match="not in the data"):
        listed_split(images, {"zzz.jpg"})


def test_balanced_order_draws_rare_defects_as_often_as_good_parts() -> None:
    from station.training.data import balanced_order

    labels = np.array([0] * 900 + [1] * 100)
    order = balanced_order(labels, np.random.default_rng(0))
    assert len(order) == 1000
    assert 0.45 < labels[order].mean() < 0.55


def test_a_classifier_rebuilt_from_onnx_computes_the_same_logits(tiny_recipe: Path) -> None:
    from station.capture.imagefile import read_image
    from station.inference.classifier import Classifier
    from station.training.export import ResNetWithFeatures
    from station.training.finetune import resnet_from_onnx

    images = sorted((Path(__file__).parent / "data" / "casting" / "defect").iterdir())[:3]
    float_model = tiny_recipe / "classifier.onnx"
    shipped_int8 = Path(__file__).parents[1] / "models" / "casting" / "classifier.onnx"
    for path, tolerance in ((float_model, 1e-4), (shipped_int8, None)):
        model, size = resnet_from_onnx(path)
        runtime = Classifier(path)
        assert size == runtime.info.input_size[0]
        for image_path in images:
            tensor, _ = runtime.prepare(read_image(image_path))
            expected, _ = runtime.run(tensor)
            with torch.inference_mode():
                logits, _ = ResNetWithFeatures(model)(torch.from_numpy(tensor))
            if tolerance is not None:  # float: the same network exactly
                assert np.abs(logits.numpy() - expected).max() < tolerance
            else:  # int8: dequantised weights, float activations: the same decision
                assert np.argmax(logits.numpy()) == np.argmax(expected)


def test_fine_tuning_starts_from_a_recipe_and_keeps_its_batch_norms(tiny_recipe: Path, tmp_path: Path) -> None:
    from station.training.classifier import ClassifierTrainConfig, train_classifier
    from station.training.finetune import InitFromError, resnet_from_onnx

    data = Path(__file__).parent / "data" / "casting"
    hard = tmp_path / "hard.txt"
    hard.write_text(sorted((data / "ok").iterdir())[0].name + "\n")
    cfg = ClassifierTrainConfig(
        data=data,
        out=tmp_path / "ft",
        image_size=128,
        epochs=1,
        batch_size=8,
        init_from=tiny_recipe,
        hard_list=hard,
        limit=40,
        allow_small_validation=True,
    )
    summary = train_classifier(cfg)
    assert summary["epochs_run"] == 1
    start, _ = resnet_from_onnx(tiny_recipe / "classifier.onnx")
    tuned = torch.load(tmp_path / "ft" / "classifier.pt", weights_only=False)["state_dict"]
    assert torch.equal(tuned["bn1.running_var"], start.bn1.running_var)  # frozen, as folded from ONNX
    assert not torch.equal(tuned["conv1.weight"], start.conv1.weight)  # but the network learned
    with pytest.raises(InitFromError, match="--image-size 128"):
        train_classifier(
            ClassifierTrainConfig(
                data=data,
                out=tmp_path / "x",
                image_size=160,
                init_from=tiny_recipe,
                limit=8,
                allow_small_validation=True,
            )
        )


def test_int8_model_keeps_its_metadata_heatmap_and_verdicts(tiny_recipe: Path, tmp_path: Path) -> None:
    from station.capture.imagefile import read_image
    from station.inference.classifier import Classifier
    from station.training.quantize import calibration_images, quantize_model

    data = Path(__file__).parent / "data" / "casting"
    out = quantize_model(tiny_recipe / "classifier.onnx", tmp_path / "int8.onnx", calibration_images(data, 24))
    assert out.stat().st_size < (tiny_recipe / "classifier.onnx").stat().st_size / 2
    float_model, int8_model = Classifier(tiny_recipe / "classifier.onnx", "cpu"), Classifier(out, "cpu")
    assert int8_model.info == float_model.info
    for path in sorted((data / "defect").iterdir())[:4]:
        image = read_image(path)
        a, b = float_model.predict(image), int8_model.predict(image)
        assert b.heatmap is not None and abs(a.defect_score - b.defect_score) < 0.1
    low, high = int8_weight_range(out)
    assert -64 <= low < 0 < high <= 64  # 7 bits, symmetric: 2 x 255 x 64 = 32640 fits the 16-bit pair sum


def int8_weight_range(model: Path) -> tuple[int, int]:
    """Smallest and largest int8 weight: within +-64, CPUs without VNNI cannot saturate on them."""
    import onnx
    from onnx import numpy_helper

    initializers = onnx.load(str(model)).graph.initializer
    weights = [numpy_helper.to_array(t) for t in initializers if t.data_type == onnx.TensorProto.INT8]
    assert weights, f"{model} has no int8 weights"
    return min(int(w.min()) for w in weights), max(int(w.max()) for w in weights)


def test_masks_turn_and_flip_with_their_images() -> None:
    from station.training.classifier import augment

    rng = np.random.default_rng(3)
    images = np.full((16, 32, 32, 3), 40, np.uint8)
    masks = np.zeros((16, 32, 32), np.uint8)
    for i in range(16):  # a bright defect in a different corner-ish place per image, and its mask
        y, x = 2 + i, 3 + (i * 5) % 20
        images[i, y : y + 6, x : x + 4] = 220
        masks[i, y : y + 6, x : x + 4] = 1
    out, out_masks = augment(images, rng, masks)
    assert out_masks is not None
    for image, mask in zip(out, out_masks, strict=True):
        assert np.array_equal(image[..., 0] > 130, mask == 1)


def test_attention_loss_is_low_when_the_heatmap_peaks_on_the_defect() -> None:
    from station.training.classifier import attention_loss, build_model

    model = build_model("resnet18", 2, pretrained=False)
    head = model.fc
    assert isinstance(head, torch.nn.Linear)
    with torch.no_grad():
        head.weight.zero_()
        head.weight[1] = 1.0
    features = torch.zeros(1, 512, 5, 5)
    features[0, :, 1, 3] = 0.05  # the defect class's map peaks at cell (1, 3)
    on_defect = torch.zeros(1, 160, 160)
    on_defect[0, 40:50, 100:110] = 1  # inside cell (1, 3) of a 5 x 5 grid over 160 px
    elsewhere = torch.zeros(1, 160, 160)
    elsewhere[0, 130:140, 10:20] = 1
    assert attention_loss(model, features, on_defect).item() < 0.1
    assert attention_loss(model, features, elsewhere).item() > 3.0


def test_only_defect_images_with_a_drawn_mask_guide_the_heatmap(tmp_path: Path) -> None:
    import cv2

    from station.training.classifier import load_masks
    from station.training.data import list_ok_defect

    for label in ("ok", "defect"):
        (tmp_path / label).mkdir()
    masks = tmp_path / "masks"
    masks.mkdir()
    cases = (("a", "ok", False), ("b", "defect", True), ("c", "defect", False), ("d", "defect", None))
    for name, label, drawn in cases:
        cv2.imwrite(str(tmp_path / label / f"{name}.jpg"), np.full((20, 40, 3), 90, np.uint8))
        if drawn is not None:  # d has no mask file at all
            mask = np.zeros((20, 40), np.uint8)
            if drawn:
                mask[5:10, 30:38] = 255
            cv2.imwrite(str(masks / f"{name}.png"), mask)
    images = list_ok_defect(tmp_path)
    resized, present = load_masks(images, masks, 16)
    by_name = {p.stem: i for i, p in enumerate(images.paths)}
    assert [bool(present[by_name[n]]) for n in "abcd"] == [False, True, False, False]
    assert resized[by_name["b"]][:, 12:].any() and not resized[by_name["b"]][:, :10].any()  # stretched like the image


def test_init_from_a_file_that_is_no_training_run_says_so(tmp_path: Path) -> None:
    from station.training.classifier import ClassifierTrainConfig, _start_from
    from station.training.finetune import InitFromError

    not_a_run = tmp_path / "weights.pt"
    not_a_run.write_text("these are not weights")
    other_shape = tmp_path / "resnet34.pt"
    torch.save({"state_dict": {"fc.weight": torch.zeros(2, 512)}}, other_shape)
    for path in (not_a_run, other_shape, tmp_path / "missing.pt"):
        cfg = ClassifierTrainConfig(data=tmp_path, out=tmp_path, architecture="resnet18-os16", init_from=path)
        with pytest.raises(InitFromError, match=path.name):
            _start_from(cfg)


@pytest.mark.parametrize("base", ["resnet18", "resnet50"])
def test_an_atrous_model_scores_as_the_stride_32_model_it_starts_from(base: str, tmp_path: Path) -> None:
    """``-os16`` on a stride-32 run's weights: the same logits, and its 2x finer grid holds the coarse one."""
    from station.training.classifier import ClassifierTrainConfig, _start_from, build_model, logits_and_features

    torch.manual_seed(0)
    coarse = build_model(base, 2, pretrained=False).eval()
    run = tmp_path / "classifier.pt"
    torch.save({"architecture": base, "image_size": 96, "state_dict": coarse.state_dict()}, run)
    cfg = ClassifierTrainConfig(data=tmp_path, out=tmp_path, architecture=f"{base}-os16", init_from=run)
    fine, _ = _start_from(cfg)
    x = torch.randn(2, 3, 96, 96)
    with torch.inference_mode():
        coarse_logits, coarse_features = logits_and_features(coarse, x)
        fine_logits, fine_features = logits_and_features(fine.eval(), x)
    assert coarse_features.shape[-2:] == (3, 3) and fine_features.shape[-2:] == (6, 6)
    # float rounding, on the scale of the largest activation (random ResNet50 features reach ~180; one thread's
    # dilated convolutions sum in another order than the strided ones and differ by ~2e-4 there)
    scale = float(coarse_features.abs().max())
    assert torch.allclose(fine_features[:, :, ::2, ::2], coarse_features, rtol=0, atol=1e-5 * scale)
    assert torch.allclose(fine_logits, coarse_logits, rtol=1e-5, atol=1e-4)
    assert not torch.allclose(fine_features[:, :, 1::2, 1::2], coarse_features, atol=1e-3)  # new cells, not copies
