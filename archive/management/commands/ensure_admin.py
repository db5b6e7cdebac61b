"""Make sure a local admin account exists (used by `make run`)."""

from django.core.management.base import BaseCommand

from archive.services.accounts import ensure_admin


class Command(BaseCommand):
    help = (
        "Create the admin account if missing: DJANGO_SUPERUSER_USERNAME/DJANGO_SUPERUSER_PASSWORD "
        "when set, otherwise user 'admin' with a generated password printed once."
    )

    def handle(self, *args, **options) -> None:
        result = ensure_admin()
        if not result.created:
            if options["verbosity"] >= 2:
                self.stdout.write(f"Admin account '{result.username}' already exists.")
            return
        if result.generated_password:
            self.stdout.write(
                self.style.WARNING(
                    f"Created admin account '{result.username}' with password "
                    f"{result.generated_password}  (shown once; change it in the admin)."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Created admin account '{result.username}'."))
