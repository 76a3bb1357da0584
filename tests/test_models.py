"""Model discovery and the downloader, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.speech import vosk_models as models
from assistant.speech.recognizer import ModelError
from assistant.speech.vosk_models import Archive

from .conftest import run_cli

MODEL_FILES = {"am/final.mdl": b"acoustic model", "conf/model.conf": b"--sample-frequency=16000\n",
               "graph/HCLr.fst": b"fst", "graph/Gr.fst": b"fst", "README": b"test model"}


def model_zip(name: str, files: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None,
              symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, content in {**(files or MODEL_FILES), **(extra or {})}.items():
            archive.writestr(path if path.startswith(("/", "..")) else f"{name}/{path}", content)
        if symlink:
            info = zipfile.ZipInfo(f"{name}/link")
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, symlink)
    return buffer.getvalue()


class Server:
    """Serves byte strings by path, honours Range, and can cut a response short."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.cut_after: int | None = None  # bytes to send before dropping the connection
        self.requests: list[str | None] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests.append(self.headers.get("Range"))
                body = outer.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                start = 0
                if self.headers.get("Range"):
                    start = int(self.headers["Range"].split("=")[1].split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                payload = body[start:]
                if outer.cut_after is not None:
                    payload = payload[: outer.cut_after]
                    outer.cut_after = None
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def archive(self, name: str, content: bytes, size: int | None = None, sha256: str | None = None) -> Archive:
        self.files[f"/{name}.zip"] = content
        return Archive(name, self.url(f"/{name}.zip"), size if size is not None else len(content),
                       sha256 or hashlib.sha256(content).hexdigest())


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


def test_good_archive_installs_whole(tmp_path: Path, server: Server) -> None:
    archive = server.archive("vosk-model-small-en-us-test", model_zip("vosk-model-small-en-us-test"))
    seen: list[int] = []
    folder = models.download(archive, tmp_path, lambda done, total: seen.append(done))
    assert folder == tmp_path / "vosk-model-small-en-us-test"
    assert (folder / "am" / "final.mdl").read_bytes() == b"acoustic model"
    assert models.problems(folder) == []
    assert seen[-1] == archive.size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vosk-model-small-en-us-test"]  # no leftovers


def test_broken_download_resumes(tmp_path: Path, server: Server) -> None:
    content = model_zip("vosk-model-en-resume", extra={"am/big": bytes(200_000)})
    archive = server.archive("vosk-model-en-resume", content)
    server.cut_after = 50_000
    with pytest.raises(ModelError, match="run the same command again to resume"):
        models.download(archive, tmp_path)
    partial = tmp_path / ".vosk-model-en-resume.zip.part"
    assert partial.stat().st_size == 50_000
    folder = models.download(archive, tmp_path)
    assert server.requests[-1] == "bytes=50000-"  # it asked only for the rest
    assert models.problems(folder) == []


def test_wrong_hash_is_deleted_and_nothing_installed(tmp_path: Path, server: Server) -> None:
    content = model_zip("vosk-model-en-bad")
    archive = server.archive("vosk-model-en-bad", content, sha256="0" * 64)
    with pytest.raises(ModelError, match="is not the published file"):
        models.download(archive, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "hostile",
    [{"../escaped.txt": b"x"}, {"/etc/evil": b"x"}, None],
    ids=["dot-dot", "absolute", "symlink"],
)
def test_hostile_archive_paths_are_refused(tmp_path: Path, server: Server, hostile: dict[str, bytes] | None) -> None:
    target = tmp_path / "models"
    content = model_zip("vosk-model-en-evil", extra=hostile, symlink=None if hostile else "/etc/passwd")
    archive = server.archive("vosk-model-en-evil", content)
    with pytest.raises(ModelError, match="unsafe path"):
        models.download(archive, target)
    assert not (target / "vosk-model-en-evil").exists()
    assert not (tmp_path / "escaped.txt").exists()
    assert [p.name for p in target.iterdir()] == [".vosk-model-en-evil.zip.part"]  # only the verified download


def test_archive_that_is_not_a_model(tmp_path: Path, server: Server) -> None:
    archive = server.archive("vosk-model-en-empty", model_zip("vosk-model-en-empty", files={"README": b"hi"}))
    with pytest.raises(ModelError, match=r"not a complete Vosk model \(am/final.mdl; conf/model.conf"):
        models.download(archive, tmp_path)
    assert not (tmp_path / "vosk-model-en-empty").exists()


def test_server_missing(tmp_path: Path, server: Server) -> None:
    archive = Archive("vosk-model-en-gone", server.url("/gone.zip"), 10, "0" * 64)
    with pytest.raises(ModelError, match="download of vosk-model-en-gone stopped"):
        models.download(archive, tmp_path)


def test_download_command_with_a_manifest(tmp_path: Path, server: Server) -> None:
    content = model_zip("vosk-model-small-en-us-cli")
    archive = server.archive("vosk-model-small-en-us-cli", content)
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(f"default: {archive.name}\nmodels:\n  - name: {archive.name}\n    url: {archive.url}\n"
                        f"    size: {archive.size}\n    sha256: {archive.sha256}\n")
    result = run_cli("models", "download", "--manifest", str(manifest), "--to", str(tmp_path / "m"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "m" / archive.name)
    assert "downloaded 100%" in result.stderr


def test_the_shipped_manifest_names_the_published_archive() -> None:
    archive = models.manifest()
    assert archive.name == "vosk-model-small-en-us-0.15"
    assert archive.size == 41_205_931
    assert archive.sha256 == "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498"
    assert archive.url.startswith("https://")


def test_search_order_and_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv(models.ENV_MODEL, raising=False)
    monkeypatch.setattr(models, "PROJECT_MODELS", tmp_path / "project")
    assert models.find_vosk_model() is None
    good = models.user_models_dir() / "vosk-model-small-en-us-0.15"
    for path, content in MODEL_FILES.items():
        (good / path).parent.mkdir(parents=True, exist_ok=True)
        (good / path).write_bytes(content)
    found = models.find_vosk_model()
    assert found is not None and (found.path, found.where) == (good, "user data")
    partial = tmp_path / "partial"
    (partial / "am").mkdir(parents=True)
    with pytest.raises(ModelError) as caught:
        models.find_vosk_model(str(partial))
    assert str(caught.value) == (f"the Vosk model at {partial} is incomplete (am/final.mdl; conf/model.conf; "
                                 "graph/HCLG.fst (or graph/HCLr.fst and graph/Gr.fst)); fix it with: assistant models download")
    monkeypatch.setenv(models.ENV_MODEL, str(partial))
    with pytest.raises(ModelError):
        models.find_vosk_model()


def test_engine_vosk_without_a_model_says_the_one_command(tmp_path: Path) -> None:
    wav = Path(__file__).parent / "fixtures" / "speech" / "flite-slt-00-clean16k.wav"
    env = {"XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)}
    result = run_cli("listen", "--engine", "vosk", "--file", str(wav), env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == ("assistant: no English Vosk model found; get one with: assistant models download "
                                     "(or use --engine pocketsphinx)")
