"""The viewer's files: the pinned release checked before use, the folder it is written as, and
links into it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import zoneinfo
from pathlib import Path

import pytest

from archive.viewer import ViewerError, capture_timestamp, install_viewer, package, viewer_link


@pytest.fixture(scope="module")
def release() -> dict[str, bytes]:
    """The cached release's files (the tests never download it)."""
    try:
        return package.RELEASE.read_members()
    except ViewerError as exc:
        pytest.skip(str(exc))


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def test_a_tarball_is_used_only_with_its_pinned_integrity(tmp_path: Path) -> None:
    data = os.urandom(1000)
    package.RELEASE.verify(data, integrity_of(data))
    changed = bytes([data[0] ^ 1]) + data[1:]
    with pytest.raises(ViewerError, match="integrity mismatch"):
        package.RELEASE.verify(changed, integrity_of(data))
    (tmp_path / "release.tgz").write_bytes(data)
    with pytest.raises(ViewerError, match="integrity mismatch"):
        package.RELEASE.read_members(tmp_path / "release.tgz")  # not the pinned release


def test_without_the_cache_the_reason_and_the_remedy_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(ViewerError) as raised:
        package.RELEASE.read_members(tmp_path / "absent.tgz")
    message = str(raised.value)
    assert "\n" not in message and "python -m archive.viewer" in message


def test_the_viewer_folder_holds_the_release_unmodified(
    release: dict[str, bytes], tmp_path: Path
) -> None:
    page = install_viewer(tmp_path, default_source='people "1".wacz')
    assert page == tmp_path / "index.html"
    assert (tmp_path / "ui.js").read_bytes() == release[package.UI_JS]
    assert (tmp_path / "replay" / "ui.js").read_bytes() == release[package.UI_JS]
    assert (tmp_path / "replay" / "sw.js").read_bytes() == release[package.SW_JS]
    licence = (tmp_path / "LICENSE-replaywebpage.txt").read_text()
    assert "GNU AFFERO GENERAL PUBLIC LICENSE" in licence
    notice = (tmp_path / "NOTICE-replaywebpage.txt").read_text()
    assert package.RELEASE.version in notice and package.SOURCE_URL in notice
    assert package.RELEASE.integrity in notice
    assert 'data-default-source="people &quot;1&quot;.wacz"' in page.read_text()
    # The service worker's own index page, also on disk (the first-load race).
    assert "<replay-app-main>" in (tmp_path / "replay" / "index.html").read_text()
    assert not list(tmp_path.rglob("*.part"))


def test_a_link_names_the_wacz_from_the_viewer_and_the_capture_in_14_digits() -> None:
    url = "http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html"
    beijing = dt.datetime(2024, 5, 10, 8, 30, 5, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert viewer_link("viewer/index.html", "../wacz/a b.wacz", url, beijing) == (
        "viewer/index.html?source=../../wacz/a%20b.wacz"
        "#url=http%3A%2F%2Fpolitics.people.com.cn%2Fn1%2F2022%2F1110%2Fc1001-32562001.html"
        "&ts=20240510003005"
    )
    assert viewer_link("wacz/", "wacz/a.wacz") == "wacz/?source=a.wacz#view=pages"
    assert viewer_link("index.html", "a.wacz", url).endswith("c1001-32562001.html")


@pytest.mark.parametrize("wrong", ["2024-05-10T00:30:05Z", "2024051000", dt.datetime(2024, 5, 10)])
def test_a_timestamp_is_14_digits_or_a_moment(wrong: str | dt.datetime) -> None:
    with pytest.raises(ValueError, match=r"14-digit|time zone"):
        capture_timestamp(wrong)
