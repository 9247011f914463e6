# plot-points.gp - the sampled feasible designs of each format coloured by
# array rows, under its Pareto staircase; one panel per format.
# Written by dse plot from the results folder; reads plot-points.dat.
# Edit and rerun in this folder: gnuplot plot-points.gp

set encoding utf8

# Images written: a gnuplot terminal and a file name each, one
# layout: 7.5 x 5 in, text 10 pt.
array terminal[3] = [ \
	'pngcairo size 2250,1500 font "Sans,10" fontscale 3.125 linewidth 5.208 pointscale 4.321 noenhanced background "#ffffff"', \
	'svg size 540,360 font "Sans,10" linewidth 1.25 noenhanced background "#ffffff"', \
	'pdfcairo size 7.5in,5in font "Sans,10" fontscale 0.75 linewidth 2.5 pointscale 1.122 noenhanced']
array output[3] = ['plot-points.png', 'plot-points.svg', 'plot-points.pdf']

set pointsize 1.25
set border lw 0.6
set grid xtics ytics mxtics mytics lt 1 lc rgb "#d9d9d9" lw 0.4, lt 1 lc rgb "#f0f0f0" lw 0.4
set tics nomirror out scale 0.6, 0.3
set key noopaque nobox samplen 2 spacing 1.1

# 3 panels, 3 across, each with its axis labels and tics
set cblabel 'array rows'
set logscale xycb
set format cb '%g'
set xrange [20:2000]
set xtics 10 format ''
set xtics add ('100' 100, '1000' 1000)
set yrange [10:1000]
set ytics 10 format ''
set ytics add ('10' 10.00001, '100' 100, '1000' 999.999, '20' 20, '50' 50, '200' 200, '500' 500)
set cbrange [1:64]
set cbtics 2
set mcbtics 1
set palette defined (0 "#440154", 1 "#414487", 2 "#2a788e", 3 "#22a884", 4 "#7ad151", 5 "#fde725")  # viridis

do for [i = 1:|terminal|] {
	eval "set terminal " . terminal[i]
	set output output[i]
	# one colour box right of the panels, one key below them
	set colorbox user origin screen 0.8926, screen 0.1681 size screen 0.0185, screen 0.6778
	set key at screen 0.5, screen 0.0312 center center vertical maxrows 1 Left reverse width -1
	set multiplot
	set label 900 'Feasible designs (a uniform sample of 400 of 6,468) and Pareto frontiers' at screen 0.5, screen 0.9667 center front
	set label 901 'n7, lstm; budget 300 mm², 75 W, 75 MB SRAM' at screen 0.5, screen 0.9292 center front

	# panel 1: hbfp8_576
	set lmargin at screen 0.0941
	set rmargin at screen 0.2631
	set bmargin at screen 0.1681
	set tmargin at screen 0.8458
	set label 903 'TOp/s' at screen 0.0148, screen 0.5069 center rotate by 90
	set label 904 'latency (µs)' at screen 0.1786, screen 0.0875 center
	set label 902 'hbfp8_576 (138)' at screen 0.1786, screen 0.8708 center front
	plot 'plot-points.dat' index 0 using 1:2:3 with points pt 7 ps 0.25 lw 0.2 lc palette title 'sampled design', \
	     'plot-points.dat' index 3 using 1:2 with steps lw 3.5 lc rgb "white" notitle, \
	     'plot-points.dat' index 3 using 1:2 with steps lw 1.4 lc rgb "black" title 'Pareto frontier'
	unset key
	unset colorbox
	unset label 900
	unset label 901

	# panel 2: bf16
	set lmargin at screen 0.3916
	set rmargin at screen 0.5606
	set bmargin at screen 0.1681
	set tmargin at screen 0.8458
	set label 903 'TOp/s' at screen 0.3123, screen 0.5069 center rotate by 90
	set label 904 'latency (µs)' at screen 0.4761, screen 0.0875 center
	set label 902 'bf16 (133)' at screen 0.4761, screen 0.8708 center front
	plot 'plot-points.dat' index 1 using 1:2:3 with points pt 7 ps 0.25 lw 0.2 lc palette title 'sampled design', \
	     'plot-points.dat' index 4 using 1:2 with steps lw 3.5 lc rgb "white" notitle, \
	     'plot-points.dat' index 4 using 1:2 with steps lw 1.4 lc rgb "black" title 'Pareto frontier'

	# panel 3: int8
	set lmargin at screen 0.6891
	set rmargin at screen 0.8581
	set bmargin at screen 0.1681
	set tmargin at screen 0.8458
	set label 903 'TOp/s' at screen 0.6099, screen 0.5069 center rotate by 90
	set label 904 'latency (µs)' at screen 0.7736, screen 0.0875 center
	set label 902 'int8 (129)' at screen 0.7736, screen 0.8708 center front
	plot 'plot-points.dat' index 2 using 1:2:3 with points pt 7 ps 0.25 lw 0.2 lc palette title 'sampled design', \
	     'plot-points.dat' index 5 using 1:2 with steps lw 3.5 lc rgb "white" notitle, \
	     'plot-points.dat' index 5 using 1:2 with steps lw 1.4 lc rgb "black" title 'Pareto frontier'
	unset multiplot
	set output
}
