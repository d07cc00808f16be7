"""The region file a region's JupyterHub reads (kit/app/hub.py), the deploy config built from it, and the store's
check that the region file and the database agree on each account's municipality. No hub is started here
(tests/test_hub.py starts one)."""
from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from kit.app.hub import RegionFileError, read_region, shared_password
from kit.core.store import StoreError, open_store
from kit.i18n import translator

from .conftest import ROOT

EXAMPLE = ROOT / "deploy" / "region.example.toml"
DEPLOY = ROOT / "deploy" / "jupyterhub_config.py"
DATABASE = '[database]\nhost = "/var/run/postgresql"\nname = "jarjestoilta"\n'


def region_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "region.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_region_file_reads_as_the_readme_says():
    region = read_region(EXAMPLE)
    assert region.liaisons() == {"aino": "Kajaani", "bo": "Pietarsaari"} and region.coordinators() == ["kaisa"]
    assert region.username_map() == {"aino.aalto@kajaani.fi": "aino", "bo.berg@pietarsaari.fi": "bo",
                                     "kaisa.koordinaattori@hyvinvointialue.fi": "kaisa"}
    assert region.login["method"] == "entra"
    assert region.url("aino") == "postgresql://aino@/jarjestoilta?host=%2Fvar%2Frun%2Fpostgresql&port=5432"
    assert region.environment("bo", "/home/bo") == {
        "KIT_DB": "postgresql://bo@/jarjestoilta?host=%2Fvar%2Frun%2Fpostgresql&port=5432",
        "KIT_DATA": "/home/bo/.local/share/jarjestoilta", "KIT_MUNICIPALITY": "Pietarsaari"}
    assert region.environment("kaisa", "/home/kaisa")["KIT_MUNICIPALITY"] == ""


@pytest.mark.parametrize("users, said", [
    ('[users."aino@kajaani.fi"]\nmunicipality = "Kajaani"\n', "cannot be an account"),
    ('[users.aino]\nrole = "admin"\nmunicipality = "Kajaani"\n', "not “admin”"),
    ('[users.aino]\n', "needs a municipality"),
    ('[users.aino]\nmunicipality = "Kajaani"\n[users.Aino2]\naccount = "AINO"\nmunicipality = "Oulu"\n',
     "given twice"),
    ('[login]\nmethod = "ldap"\n[users.aino]\nmunicipality = "Kajaani"\n', "not “ldap”"),
    ('', "names no users"),
])
def test_a_wrong_region_file_is_refused_with_where_and_why(tmp_path, users, said):
    with pytest.raises(RegionFileError) as refused:
        read_region(region_file(tmp_path, DATABASE + users))
    assert said in refused.value.text(translator("en"))
    assert refused.value.text(translator("fi")) != refused.value.text(translator("en"))


def test_a_missing_database_or_file_is_one_message(tmp_path):
    with pytest.raises(RegionFileError) as refused:
        read_region(region_file(tmp_path, '[users.aino]\nmunicipality = "Kajaani"\n'))
    assert "[database]" in refused.value.text(translator("sv"))
    with pytest.raises(RegionFileError) as refused:
        read_region(tmp_path / "missing.toml")
    assert "missing.toml" in refused.value.text(translator("fi"))
    with pytest.raises(RegionFileError):
        read_region(region_file(tmp_path, "[database\n"))
    with pytest.raises(RegionFileError):
        shared_password({"KIT_HUB_PASSWORD": "short"})
    assert shared_password({"KIT_HUB_PASSWORD": "long enough"}) == "long enough"


def load_deploy_config(monkeypatch, region: Path, **env: str):
    from traitlets.config.loader import PyFileConfigLoader
    monkeypatch.setenv("KIT_REGION_FILE", str(region))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader(DEPLOY.name, str(DEPLOY.parent)).load_config()


def test_the_deploy_config_logs_in_the_region_files_users_and_gives_each_their_own_database_role(monkeypatch):
    c = load_deploy_config(monkeypatch, EXAMPLE)
    assert c.JupyterHub.authenticator_class == "azuread" and c.AzureAdOAuthenticator.username_claim == \
        "preferred_username"
    assert c.Authenticator.allowed_users == {"aino", "bo", "kaisa"}
    assert c.Authenticator.username_map["aino.aalto@kajaani.fi"] == "aino"
    assert c.JupyterHub.spawner_class == "localprocess" and c.Spawner.default_url == "/voila/render/start.ipynb"
    assert Path(c.Spawner.notebook_dir, "start.ipynb").exists()
    assert "--VoilaConfiguration.strip_sources=True" in c.Spawner.args
    spawner = SimpleNamespace(user=SimpleNamespace(name="bo"), home_dir="/srv/home/bo")
    env = {name: value(spawner) for name, value in c.Spawner.environment.items()}
    assert env == {"KIT_DB": "postgresql://bo@/jarjestoilta?host=%2Fvar%2Frun%2Fpostgresql&port=5432",
                   "KIT_DATA": "/srv/home/bo/.local/share/jarjestoilta", "KIT_MUNICIPALITY": "Pietarsaari"}


def test_the_deploy_config_stops_with_the_reason(monkeypatch, tmp_path):
    shared = region_file(tmp_path, DATABASE + '[login]\nmethod = "shared-password"\n[users.aino]\nmunicipality = '
                                              '"Kajaani"\n')
    monkeypatch.delenv("KIT_HUB_PASSWORD", raising=False)
    with pytest.raises(SystemExit, match="KIT_HUB_PASSWORD"):
        load_deploy_config(monkeypatch, shared, KIT_LANG="en")
    c = load_deploy_config(monkeypatch, shared, KIT_HUB_PASSWORD="a shared secret")
    assert c.JupyterHub.authenticator_class == "shared-password"
    with pytest.raises(SystemExit, match="users.aino"):
        load_deploy_config(monkeypatch, region_file(tmp_path, DATABASE + "[users.aino]\n"), KIT_LANG="en")


def test_the_store_refuses_an_account_the_region_file_gives_another_municipality(pg_url, monkeypatch):
    monkeypatch.setenv("KIT_MUNICIPALITY", "Testikunta")
    open_store(pg_url).close()
    for expected in ("Oulu", ""):  # another municipality; the whole region (a coordinator in the file)
        monkeypatch.setenv("KIT_MUNICIPALITY", expected)
        with pytest.raises(StoreError) as refused:
            open_store(pg_url)
        assert "Testikunta" in refused.value.text(translator("fi"))
    monkeypatch.delenv("KIT_MUNICIPALITY")  # a laptop or a command: no hub, no check
    open_store(pg_url).close()


def test_a_screen_whose_store_cannot_open_says_why_instead_of_failing(pg_url, monkeypatch):
    from kit.screens import open_screen
    monkeypatch.setenv("KIT_DB", pg_url)
    monkeypatch.setenv("KIT_MUNICIPALITY", "Oulu")
    screen = open_screen("start", lang="sv")
    assert "Testikunta" in screen.root.value and "Oulu" in screen.root.value
    assert "kit-error" in screen.root.value and "<script" not in screen.root.value


def test_kit_region_users_adds_the_region_files_people_to_the_database(pg_cluster, tmp_path, monkeypatch):
    from kit.app.cli import main
    admin = pg_cluster.create_database("kit_users")
    path = region_file(tmp_path, DATABASE + '[users."ville@kuhmo.fi"]\naccount = "kit_users_ville"\n'
                                             'municipality = "Kuhmo"\n[users.kit_users_alue]\nrole = "coordinator"\n')
    monkeypatch.setenv("KIT_LANG", "en")
    assert main(["region", "users", str(path), "--db", admin]) == 0
    ville = open_store(pg_cluster.url("kit_users", "kit_users_ville"), tmp_path / "ville")
    region = open_store(pg_cluster.url("kit_users", "kit_users_alue"), tmp_path / "alue")
    assert ville.municipality == "Kuhmo" and region.coordinator
    ville.close()
    region.close()
    assert main(["region", "users", str(tmp_path / "missing.toml"), "--db", admin]) == 1
