"""The exported classifier reproduces torch, and its live heatmap is exactly the grad-cam package's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from station.inference.classifier import Classifier
from station.inference.gradcam import gradcam
from station.inference.preprocess import resize_to
from station.training.classifier import to_batch
from station.training.export import ExportParityError, ResNetWithFeatures, export_classifier, load_trained_classifier


def test_onnx_logits_match_torch_on_real_images(
    tiny_training: Path, tiny_recipe: Path, real_images: list[np.ndarray]
) -> None:
    model, _ = load_trained_classifier(tiny_training / "classifier.pt")
    runtime = Classifier(tiny_recipe / "classifier.onnx", device="cpu")
    size = runtime.info.input_size[0]
    for image in real_images:
        with torch.inference_mode():
            expected = model(to_batch(resize_to(image, size, size)[None])).numpy()
        logits, _ = runtime.run(runtime.prepare(image)[0])
        assert np.abs(logits - expected).max() <= 1e-4


def test_live_heatmap_equals_grad_cam_package(
    tiny_training: Path, tiny_recipe: Path, real_images: list[np.ndarray]
) -> None:
    from pytorch_grad_cam import GradCAM
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

    model, _ = load_trained_classifier(tiny_training / "classifier.pt")
    runtime = Classifier(tiny_recipe / "classifier.onnx", device="cpu")
    assert runtime.head_weights is not None
    size = runtime.info.input_size[0]
    non_trivial = 0
    with GradCAM(model=model, target_layers=[list(model.get_submodule("layer4").children())[-1]]) as cam:
        for image in real_images:
            _, features = runtime.run(runtime.prepare(image)[0])
            assert features is not None
            fh, fw = features.shape[2:]
            # Ask the package for its map at feature-map resolution (its resize is then the identity).
            cam.get_target_width_height = lambda _t, w=fw, h=fh: (w, h)
            x = to_batch(resize_to(image, size, size)[None])
            for class_index in range(len(runtime.info.class_names)):
                live = gradcam(features[0], runtime.head_weights[class_index])
                reference = cam(input_tensor=x, targets=[ClassifierOutputTarget(class_index)])[0]
                assert reference.shape == live.shape == (fh, fw)
                assert np.abs(reference - live).max() <= 1e-3
                non_trivial += int(live.max() > 0.5)
            # What the line shows is the defect class's map.
            shown = runtime.predict(image).heatmap
            assert shown is not None and shown.dtype == np.float32
            assert np.array_equal(shown, gradcam(features[0], runtime.head_weights[runtime.positive_index]))
            assert shown.min() >= 0.0 and shown.max() <= 1.0
    assert non_trivial >= len(real_images), "the comparison must cover non-zero heatmaps"


def test_heatmap_comes_with_every_part(tiny_recipe: Path, real_images: list[np.ndarray]) -> None:
    runtime = Classifier(tiny_recipe / "classifier.onnx", device="cpu")
    out = runtime.predict(real_images[0])
    assert out.heatmap is not None
    assert out.heatmap.shape == (4, 4)  # 128 px input / ResNet stride 32
    assert {"preprocess", "classifier", "heatmap"} <= set(out.timings_ms)


def test_export_refuses_a_model_that_scores_differently(
    tiny_training: Path, real_images: list[np.ndarray], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import station.training.export as export

    # Corrupt the ONNX graph after conversion: scale the head so logits drift from torch's.
    original = export.attach_metadata

    def tamper(path: Path, info: object) -> None:
        import onnx
        from onnx import numpy_helper

        original(path, info)  # type: ignore[arg-type]
        model = onnx.load(str(path))
        for init in model.graph.initializer:
            if init.name.endswith("fc.bias"):
                init.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(init) + 0.01, init.name))
        onnx.save(model, str(path))

    monkeypatch.setattr(export, "attach_metadata", tamper)
    out = tmp_path / "classifier.onnx"
    with pytest.raises(ExportParityError, match="differ from torch"):
        export_classifier(
            tiny_training / "classifier.pt", out, images_bgr=np.stack([resize_to(i, 128, 128) for i in real_images])
        )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_exported_model_carries_its_preprocessing(tiny_recipe: Path) -> None:
    info = Classifier(tiny_recipe / "classifier.onnx", device="cpu").info
    assert info.input_size == (128, 128)
    assert info.resize == "resize" and info.color_order == "RGB"
    assert info.class_names == ("ok", "defect") and info.positive_class == "defect"
    assert 0.0 < info.threshold < 1.0
    assert {"accuracy", "recall", "confusion_matrix"} <= set(info.metrics)
    assert info.training["command"] == "pytest"


def test_features_wrapper_is_the_same_network(tiny_training: Path, real_images: list[np.ndarray]) -> None:
    model, _ = load_trained_classifier(tiny_training / "classifier.pt")
    x = to_batch(np.stack([resize_to(i, 128, 128) for i in real_images]))
    with torch.inference_mode():
        logits, features = ResNetWithFeatures(model)(x)
        assert torch.equal(logits, model(x))
    assert features.shape[1:] == (512, 4, 4)


def test_a_finer_heatmap_grid_fine_tunes_from_a_run_and_exports(
    tiny_training: Path, tiny_recipe: Path, real_images: list[np.ndarray], tmp_path: Path
) -> None:
    """``resnet18-os16`` starts from a stride-32 run's weights, exports, and its heatmap has twice the cells."""
    from station.training.classifier import ClassifierTrainConfig, train_classifier
    from station.training.finetune import resnet_from_onnx
    from tests.conftest import CASTING_SET

    run = tmp_path / "os16"
    cfg = ClassifierTrainConfig(
        data=CASTING_SET,
        out=run,
        architecture="resnet18-os16",
        image_size=128,
        epochs=1,
        batch_size=16,
        seed=3,
        limit=32,
        init_from=tiny_training / "classifier.pt",
        allow_small_validation=True,  # tiny test data
    )
    train_classifier(cfg)
    export_classifier(run / "classifier.pt", run / "classifier.onnx", command="pytest")  # refuses on a mismatch
    fine, coarse = Classifier(run / "classifier.onnx", device="cpu"), Classifier(tiny_recipe / "classifier.onnx")
    assert fine.info.architecture == "resnet18-os16"
    fine_map, coarse_map = fine.predict(real_images[0]).heatmap, coarse.predict(real_images[0]).heatmap
    assert fine_map is not None and coarse_map is not None
    assert fine_map.shape == (8, 8) and coarse_map.shape == (4, 4)
    from pytorch_grad_cam import GradCAM
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

    model, _ = load_trained_classifier(run / "classifier.pt")  # pools every second position only: still Grad-CAM
    with GradCAM(model=model, target_layers=[list(model.get_submodule("layer4").children())[-1]]) as cam:
        cam.get_target_width_height = lambda _t: (8, 8)
        x = to_batch(resize_to(real_images[0], 128, 128)[None])
        reference = cam(input_tensor=x, targets=[ClassifierOutputTarget(fine.positive_index)])[0]
    assert np.abs(reference - fine_map).max() <= 1e-3 and fine_map.max() > 0.5
    rebuilt, size = resnet_from_onnx(run / "classifier.onnx")  # `--init-from` of the exported file
    with torch.inference_mode():
        expected = rebuilt(to_batch(resize_to(real_images[0], size, size)[None])).numpy()
    logits, _ = fine.run(fine.prepare(real_images[0])[0])
    assert np.abs(logits - expected).max() <= 1e-3


def test_unknown_architecture_names_the_choices() -> None:
    from station.training.classifier import build_model

    with pytest.raises(ValueError, match="resnet18-os16"):
        build_model("resnet18-os8", 2, pretrained=False)
