from django.urls import path

from phinong.lessons import views

app_name = "lessons"
urlpatterns = [
    path("<int:pk>/", views.index, name="index"),
    path("<int:pk>/areas/<str:code>/", views.area, name="area"),
    path("<int:pk>/areas/<str:code>/upload/", views.upload, name="upload"),
    path("<int:pk>/areas/<str:code>/booklet.pdf", views.booklet, name="booklet"),
    path("<int:pk>/tambons/<str:code>/", views.tambon, name="tambon"),
    path("<int:pk>/tambons/<str:code>/publish/", views.publish, name="publish"),
    path("<int:pk>/tambons/<str:code>/delete/", views.delete, name="delete"),
    path("<int:pk>/tambons/<str:code>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:photo_pk>/", views.photo, name="photo"),
    path("photos/<int:photo_pk>/caption/", views.photo_caption, name="photo_caption"),
    path("photos/<int:photo_pk>/remove/", views.photo_remove, name="photo_remove"),
]
