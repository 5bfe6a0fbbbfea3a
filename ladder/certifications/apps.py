from django.apps import AppConfig


class CertificationsConfig(AppConfig):
    name = "ladder.certifications"
    label = "certifications"
    verbose_name = "Certifications and continuing education"
