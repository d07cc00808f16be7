"""JupyterHub for a region: each liaison logs in and gets the kit's screens on their own municipality's evenings.

    KIT_REGION_FILE=/etc/jarjestoilta/region.toml jupyterhub -f /etc/jarjestoilta/jupyterhub_config.py

The README's "A region's hub, step by step" sets up the VM around it. What this file decides:

- Who logs in: exactly the users of the region file (KIT_REGION_FILE, default region.toml beside this file;
  deploy/region.example.toml shows it). The region keeps one list: users, their municipality or coordinator
  role, and the database's address.
- How they log in: the region file's [login] method. "entra" is what a region uses: its Microsoft Entra ID
  (formerly Azure AD, which the wellbeing services counties use) through OAuthenticator's AzureAdOAuthenticator
  (`pip install oauthenticator`), so the liaisons log in with their work account and the hub keeps no
  passwords. "shared-password" is JupyterHub's own SharedPasswordAuthenticator (one password from
  KIT_HUB_PASSWORD): only to try the hub out, and for the tests (tests/test_hub.py).
- What they get: the single-user server (jupyterhub-singleuser from the kit's own venv) serves the kit's
  packaged notebooks with Voilà as a server extension, the start screen as the page they land on, and the
  environment of kit/app/hub.py: KIT_DB, the region's database as the user's *own* login role (row-level
  security keeps the municipalities apart by that role), KIT_DATA, a folder of their own for documents, and
  KIT_MUNICIPALITY, which the store checks against the database.
- Where: LocalProcessSpawner, one system user per account (the hub runs as root to start them). Over the
  database's Unix socket PostgreSQL's peer authentication then logs each system user in as the role of the
  same name: no database password anywhere, and a liaison's own code (JupyterLab is there too, at /lab)
  cannot connect as anyone else. SystemdSpawner (`pip install jupyterhub-systemdspawner`) adds memory and
  CPU limits per user on the same system users.
"""
import os
import sys
from pathlib import Path

from kit.app.cli import user_language
from kit.app.hub import RegionFileError, home_of, read_region, shared_password
from kit.i18n import translator
from kit.resources import NOTEBOOKS

c = get_config()  # noqa: F821  (JupyterHub's config loader provides it)
_ = translator(user_language())


def stop(text: str) -> None:
    sys.exit(f"jupyterhub_config.py: {text}")


REGION_FILE = Path(os.environ.get("KIT_REGION_FILE") or Path(__file__).with_name("region.toml"))
try:
    region = read_region(REGION_FILE)
except RegionFileError as err:
    stop(err.text(_))

# who: the region file's users, each as their account (the system user and the database login role)
c.Authenticator.allowed_users = set(region.members)
c.Authenticator.username_map = region.username_map()
c.Authenticator.admin_users = {a.strip().lower() for a in region.login.get("admins", [])}

# how: the region's identity provider, or a shared password to try the hub out
if region.login["method"] == "entra":
    c.JupyterHub.authenticator_class = "azuread"  # oauthenticator.azuread.AzureAdOAuthenticator
    c.AzureAdOAuthenticator.tenant_id = region.login.get("tenant_id", "")
    c.AzureAdOAuthenticator.client_id = region.login.get("client_id", "")
    c.AzureAdOAuthenticator.oauth_callback_url = region.login.get("callback_url", "")
    # the secret stays out of the region file: OAUTH_CLIENT_SECRET in the hub's environment (systemd's
    # EnvironmentFile, readable by root only)
    c.AzureAdOAuthenticator.client_secret = os.environ.get("OAUTH_CLIENT_SECRET", "")
    # the work account's sign-in name (unique; "name", the default, is a display name and is not)
    c.AzureAdOAuthenticator.username_claim = "preferred_username"
    c.AzureAdOAuthenticator.scope = ["openid", "profile", "email"]
else:  # "shared-password" (read_region allows no other)
    c.JupyterHub.authenticator_class = "shared-password"
    try:
        c.SharedPasswordAuthenticator.user_password = shared_password()
    except RegionFileError as err:
        stop(err.text(_))

# where: one system user per account; the hub's own files in its working folder
c.JupyterHub.spawner_class = "localprocess"
c.JupyterHub.bind_url = os.environ.get("KIT_HUB_URL", "http://127.0.0.1:8000")  # behind nginx with HTTPS
c.JupyterHub.cleanup_servers = True  # a stopped hub stops the single-user servers too
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]  # the kit's venv: its kernels, its Voilà
c.Spawner.notebook_dir = str(NOTEBOOKS)  # the kit's screens, read-only in the venv
c.Spawner.default_url = "/voila/render/start.ipynb"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# what kit/app/voila/voila.json gives a laptop's Voilà, for Voilà as the single-user server's extension
c.Spawner.args = [
    "--VoilaConfiguration.strip_sources=True",
    "--VoilaConfiguration.show_tracebacks=False",
    "--ServerApp.kernel_manager_class=kit.app.serving.BoundedKernelManager",
    "--BoundedKernelManager.max_kernels=12",  # per user; a VM serves several
    "--ServerApp.kernel_websocket_connection_class=kit.app.serving.GuardedConnection",
    "--MappingKernelManager.cull_idle_timeout=600",
    "--MappingKernelManager.cull_interval=60",
]
c.Spawner.environment = {name: (lambda spawner, name=name: region.environment(spawner.user.name,
                                                                              home_of(spawner))[name])
                         for name in ("KIT_DB", "KIT_DATA", "KIT_MUNICIPALITY")}
