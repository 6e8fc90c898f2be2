from django.urls import path

from .views import staff, user

app_name = "notifications"

urlpatterns = [
    path("", user.notification_list, name="list"),
    path("<int:pk>/open/", user.notification_open, name="open"),
    path("<int:pk>/read/", user.notification_read, name="read"),
    path("read-all/", user.notifications_read_all, name="read_all"),
    path("preferences/", user.preferences, name="preferences"),
    path("deliveries/", staff.delivery_log, name="delivery_log"),
    path("deliveries/<int:pk>/retry/", staff.delivery_retry, name="delivery_retry"),
]
