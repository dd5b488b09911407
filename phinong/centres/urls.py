from django.urls import path

from phinong.centres import views

app_name = "centres"
urlpatterns = [
    path("tambons/<str:code>/", views.tambon, name="tambon"),
    path("<int:pk>/", views.centre, name="centre"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/donations/", views.record_donation, name="donation"),
    path("<int:pk>/distributions/", views.record_distribution, name="distribution"),
    path("<int:pk>/adjustments/", views.record_adjustment, name="adjustment"),
    path("<int:pk>/stock-card/", views.stock_card, name="stock_card"),
]
